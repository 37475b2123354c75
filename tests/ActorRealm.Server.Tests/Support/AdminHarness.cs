using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using ActorRealm.Cluster.Admission;
using ActorRealm.Server.Admin;
using ActorRealm.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Server.Tests.Support;

/// <summary>An admin API on a free loopback port in front of a <see cref="FakeNode"/>, over HTTP or HTTPS with a test CA.</summary>
internal sealed class AdminHarness : IAsyncDisposable
{
    public const string Token = "0123456789abcdef-test-token";

    private readonly TempDirectory _dir;

    private AdminHarness(AdminServer server, FakeNode node, string? caFile, TempDirectory dir)
    {
        _dir = dir;
        Server = server;
        Node = node;
        CaFile = caFile;
    }

    public AdminServer Server { get; }

    public FakeNode Node { get; }

    /// <summary>The CA the server's certificate chains to (HTTPS only).</summary>
    public string? CaFile { get; }

    public string Authority => Server.BaseAddress.Authority;

    public static async Task<AdminHarness> StartAsync(bool https = false, bool auth = true)
    {
        var node = new FakeNode();
        X509Certificate2? certificate = null;
        string? caFile = null;
        var dir = new TempDirectory();
        if (https)
        {
            using var ca = ClusterCertificates.CreateCa("test CA");
            caFile = dir.File("ca.crt");
            ClusterCertificates.WritePem(ca, caFile, dir.File("ca.key"));
            certificate = ClusterCertificates.CreateNode(ca, "node", ["127.0.0.1"]);
        }

        var server = await AdminServer.StartAsync(new AdminServerOptions("127.0.0.1", 0, certificate, auth ? Token : null), node, NullLoggerFactory.Instance, CancellationToken.None);
        return new AdminHarness(server, node, caFile, dir);
    }

    /// <summary>A plain client: the test CA is trusted for HTTPS; <paramref name="token"/> is sent when given.</summary>
    public HttpClient Client(string? token = Token, bool useCookies = true)
    {
        var handler = new HttpClientHandler { UseCookies = useCookies };
        if (CaFile is not null)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(CaFile);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                PeerCertificateValidator.Validate(certificate, ca, peerIsServer: true, expectedHost: null, DateTimeOffset.UtcNow) is null;
        }

        var client = new HttpClient(handler) { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
