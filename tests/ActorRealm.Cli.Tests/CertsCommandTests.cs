using System.Security.Cryptography.X509Certificates;
using ActorRealm.Cluster.Admission;

namespace ActorRealm.Cli.Tests;

public sealed class CertsCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("actorrealm-certs-cli-");

    [Fact]
    public void Creates_a_ca_and_a_node_certificate_that_chains_to_it()
    {
        var caDir = Path.Combine(_dir.FullName, "ca");
        var nodeDir = Path.Combine(_dir.FullName, "node-1");

        var (exit, output, error) = CliRunner.Run("certs", "create-ca", "--out", caDir);
        Assert.True(exit == 0, error);
        Assert.Contains("ca.key", output, StringComparison.Ordinal);

        (exit, output, error) = CliRunner.Run("certs", "create-node", "--ca", caDir, "--name", "node-1", "--host", "127.0.0.1", "--host", "node-1.example", "--out", nodeDir);
        Assert.True(exit == 0, error);
        Assert.Contains("ca-certificate = ", output, StringComparison.Ordinal);

        var context = TlsContext.FromPemFiles(Path.Combine(nodeDir, "node-1.crt"), Path.Combine(nodeDir, "node-1.key"), Path.Combine(nodeDir, "ca.crt"), verifyHostname: true);
        Assert.Null(PeerCertificateValidator.Validate(context.Certificate, context.CaCertificate, peerIsServer: true, "node-1.example", DateTimeOffset.UtcNow));
        Assert.Null(PeerCertificateValidator.Validate(context.Certificate, context.CaCertificate, peerIsServer: false, "127.0.0.1", DateTimeOffset.UtcNow));
        Assert.IsAssignableFrom<System.Security.Cryptography.ECDsa>(context.Certificate.GetECDsaPublicKey());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(nodeDir, "node-1.key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(caDir, "ca.key")));
        }
    }

    [Fact]
    public void Rsa_keys_on_request()
    {
        var caDir = Path.Combine(_dir.FullName, "ca");
        Assert.Equal(0, CliRunner.Run("certs", "create-ca", "--out", caDir, "--key", "Rsa").Exit);
        Assert.Equal(0, CliRunner.Run("certs", "create-node", "--ca", caDir, "--name", "n", "--host", "h", "--out", caDir, "--key", "Rsa").Exit);
        using var node = X509Certificate2.CreateFromPemFile(Path.Combine(caDir, "n.crt"), Path.Combine(caDir, "n.key"));
        Assert.Equal(3072, node.GetRSAPublicKey()!.KeySize);
    }

    [Fact]
    public void Refuses_to_overwrite_without_force()
    {
        var caDir = Path.Combine(_dir.FullName, "ca");
        Assert.Equal(0, CliRunner.Run("certs", "create-ca", "--out", caDir).Exit);
        var before = File.ReadAllText(Path.Combine(caDir, "ca.crt"));

        var (exit, _, error) = CliRunner.Run("certs", "create-ca", "--out", caDir);
        Assert.Equal(1, exit);
        Assert.Contains("refusing to overwrite", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(caDir, "ca.crt")));

        Assert.Equal(0, CliRunner.Run("certs", "create-ca", "--out", caDir, "--force").Exit);
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(caDir, "ca.crt")));
    }

    [Fact]
    public void A_missing_ca_is_a_clear_error()
    {
        var (exit, _, error) = CliRunner.Run("certs", "create-node", "--ca", Path.Combine(_dir.FullName, "none"), "--name", "n", "--host", "h", "--out", _dir.FullName);
        Assert.Equal(1, exit);
        Assert.Contains("certs create-ca", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--name", "../evil")]
    [InlineData("--days", "0")]
    public void Bad_values_are_usage_errors(string option, string value)
    {
        var args = new List<string> { "certs", "create-node", "--ca", _dir.FullName, "--name", "n", "--host", "h", "--out", _dir.FullName };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        Assert.Equal(Program.UsageError, CliRunner.Run([.. args]).Exit);
    }

    [Fact]
    public void A_missing_host_is_a_usage_error() =>
        Assert.Equal(Program.UsageError, CliRunner.Run("certs", "create-node", "--ca", _dir.FullName, "--name", "n", "--out", _dir.FullName).Exit);

    public void Dispose() => _dir.Delete(recursive: true);
}
