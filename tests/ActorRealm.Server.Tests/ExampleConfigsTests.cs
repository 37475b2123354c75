using System.Collections;
using ActorRealm.Cli;
using ActorRealm.Cluster;
using ActorRealm.Hocon;
using ActorRealm.Cluster.Admission;
using ActorRealm.Server.Tests.Support;
using ActorRealm.TestSupport;

namespace ActorRealm.Server.Tests;

/// <summary>The example configurations in <c>hocon/examples</c> render, and pass every check a node makes at start.</summary>
public sealed class ExampleConfigsTests
{
    public static TheoryData<string> Layouts => new() { "1x1", "3x3" };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_node_file_renders_with_the_reference(string layout)
    {
        foreach (var file in NodeFiles(layout))
        {
            var (exit, output, error) = CliRunner.Run("config", "render", file, "--with-reference");
            Assert.True(exit == 0, $"{file}: {error}");
            Assert.Contains("\"realm\": \"example\"", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_node_passes_the_start_checks_with_certificates_and_secrets(string layout)
    {
        using var certs = new TempDirectory();
        using var ca = ClusterCertificates.CreateCa("example CA");
        ClusterCertificates.WritePem(ca, certs.File("ca.crt"), certs.File("ca.key"));
        var addresses = new List<NodeAddress>();
        var adminPorts = new List<int>();
        foreach (var file in NodeFiles(layout))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            using var node = ClusterCertificates.CreateNode(ca, name, ["127.0.0.1"]);
            ClusterCertificates.WritePem(node, certs.File(name + ".crt"), certs.File(name + ".key"));
            var environment = new Hashtable
            {
                ["ACTORREALM_JOIN_SECRET"] = "example-join-secret",
                ["ACTORREALM_ADMIN_TOKEN"] = "example-admin-token-0123456789",
                ["ACTORREALM__REMOTE__TRANSPORT__TLS__CERTIFICATE"] = $"\"{certs.File(name + ".crt")}\"",
                ["ACTORREALM__REMOTE__TRANSPORT__TLS__PRIVATE_KEY"] = $"\"{certs.File(name + ".key")}\"",
                ["ACTORREALM__REMOTE__TRANSPORT__TLS__CA_CERTIFICATE"] = $"\"{certs.File("ca.crt")}\"",
            };

            var config = ConfigFactory.Load(file, ReferenceCatalog.Reference(), environment);
            var configuration = NodeConfiguration.From(config);

            Assert.Equal(name, configuration.Node.Name);
            Assert.StartsWith(configuration.Node.Site + "-", name, StringComparison.Ordinal);
            Assert.Empty(configuration.Warnings);
            Assert.Empty(UnknownSettings.Find(config, ReferenceCatalog.Reference()));
            Assert.Empty(configuration.Cluster.Validate(configuration.Node.Site, configuration.Address).Warnings);
            Assert.NotNull(configuration.Tls);
            Assert.Equal("main", configuration.Cluster.InitialPrime.Site);
            addresses.Add(configuration.Address);
            adminPorts.Add(configuration.Node.AdminPort);
        }

        var ports = addresses.Select(a => a.Port).Concat(adminPorts).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Equal(layout == "1x1" ? 2 : 6, addresses.Count);
    }

    private static string[] NodeFiles(string layout) =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "hocon", "examples", layout), "*.conf").Where(f => Path.GetFileName(f) != "cluster.conf").Order(StringComparer.Ordinal)];
}
