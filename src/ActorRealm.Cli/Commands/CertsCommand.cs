using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorRealm.Cluster.Admission;

namespace ActorRealm.Cli.Commands;

/// <summary>
/// <c>actorrealm certs</c>: create the cluster CA and node certificates for mutual TLS between nodes
/// (PEM files; private keys written with mode 0600).
/// </summary>
internal static class CertsCommand
{
    private const string CaCertificate = "ca.crt";
    private const string CaKey = "ca.key";

    public static Command Create()
    {
        var certs = new Command("certs", "Create the cluster CA and node certificates for mutual TLS between nodes.");
        certs.Subcommands.Add(CreateCa());
        certs.Subcommands.Add(CreateNode());
        return certs;
    }

    private static Command CreateCa()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for ca.crt and ca.key (created if missing).", Required = true };
        var name = new Option<string>("--name") { Description = "Common name of the CA.", DefaultValueFactory = _ => "ActorRealm cluster CA" };
        var (key, days, force) = CommonOptions(defaultDays: 3650);
        var command = new Command("create-ca", "Create a cluster CA: every node certificate is signed by it and every node trusts only it.")
        {
            output, name, key, days, force,
        };
        command.SetAction(parseResult => Run(parseResult, writer =>
        {
            var dir = Prepare(parseResult.GetRequiredValue(output));
            using var ca = ClusterCertificates.CreateCa(parseResult.GetRequiredValue(name), parseResult.GetValue(key), TimeSpan.FromDays(parseResult.GetValue(days)));
            var crt = Path.Combine(dir, CaCertificate);
            var keyFile = Path.Combine(dir, CaKey);
            ClusterCertificates.WritePem(ca, crt, keyFile, parseResult.GetValue(force));
            writer.WriteLine($"Created {crt} and {keyFile} (mode 0600), valid until {ca.NotAfter:yyyy-MM-dd}.");
            writer.WriteLine("Keep ca.key offline: whoever holds it can mint node certificates. Next, for each node:");
            writer.WriteLine($"  actorrealm certs create-node --ca {dir} --name NODE --host HOST --out DIR");
        }));
        return command;
    }

    private static Command CreateNode()
    {
        var caDir = new Option<DirectoryInfo>("--ca") { Description = "Directory holding ca.crt and ca.key.", Required = true };
        var name = new Option<string>("--name") { Description = "Node name: the certificate's common name and the file names NAME.crt, NAME.key.", Required = true };
        var hosts = new Option<string[]>("--host")
        {
            Description = "Host name or IP address peers dial to reach the node (repeat for several).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for NAME.crt, NAME.key and a copy of ca.crt (created if missing).", Required = true };
        var (key, days, force) = CommonOptions(defaultDays: 825);
        var command = new Command("create-node", "Create a node certificate signed by the cluster CA, valid for both TLS roles.")
        {
            caDir, name, hosts, output, key, days, force,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(name) is { } value && (value.Length == 0 || value.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))))
            {
                result.AddError($"--name '{value}' may only contain letters, digits, '-', '_' and '.'.");
            }
        });
        command.SetAction(parseResult => Run(parseResult, writer =>
        {
            var nodeName = parseResult.GetRequiredValue(name);
            var caPath = parseResult.GetRequiredValue(caDir).FullName;
            using var ca = LoadCa(caPath);
            var dir = Prepare(parseResult.GetRequiredValue(output));
            var overwrite = parseResult.GetValue(force);
            using var node = ClusterCertificates.CreateNode(ca, nodeName, parseResult.GetRequiredValue(hosts), parseResult.GetValue(key), TimeSpan.FromDays(parseResult.GetValue(days)));
            var crt = Path.Combine(dir, nodeName + ".crt");
            var keyFile = Path.Combine(dir, nodeName + ".key");
            ClusterCertificates.WritePem(node, crt, keyFile, overwrite);
            var caCopy = CopyCaCertificate(caPath, dir, overwrite);
            writer.WriteLine($"Created {crt} and {keyFile} (mode 0600) for {string.Join(", ", parseResult.GetRequiredValue(hosts))}, valid until {node.NotAfter:yyyy-MM-dd}.");
            writer.WriteLine("Configure the node with:");
            writer.WriteLine("  actorrealm.remote.transport.tls {");
            writer.WriteLine($"    certificate = \"{crt}\"");
            writer.WriteLine($"    private-key = \"{keyFile}\"");
            writer.WriteLine($"    ca-certificate = \"{caCopy}\"");
            writer.WriteLine("  }");
        }));
        return command;
    }

    private static (Option<CertificateKeyType> Key, Option<int> Days, Option<bool> Force) CommonOptions(int defaultDays)
    {
        var key = new Option<CertificateKeyType>("--key") { Description = "Key type: Ecdsa (P-256) or Rsa (3072 bits).", DefaultValueFactory = _ => CertificateKeyType.Ecdsa };
        var days = new Option<int>("--days") { Description = "Validity in days.", DefaultValueFactory = _ => defaultDays };
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--days must be at least 1.");
            }
        });
        var force = new Option<bool>("--force") { Description = "Overwrite existing files." };
        return (key, days, force);
    }

    private static int Run(ParseResult parseResult, Action<TextWriter> action)
    {
        try
        {
            action(parseResult.InvocationConfiguration.Output);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or InvalidOperationException or ArgumentException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static string Prepare(DirectoryInfo directory)
    {
        directory.Create();
        return directory.FullName;
    }

    private static X509Certificate2 LoadCa(string directory)
    {
        var crt = Path.Combine(directory, CaCertificate);
        var key = Path.Combine(directory, CaKey);
        if (!File.Exists(crt) || !File.Exists(key))
        {
            throw new InvalidOperationException($"'{directory}' does not hold {CaCertificate} and {CaKey}; create them with `actorrealm certs create-ca --out {directory}`.");
        }

        return X509Certificate2.CreateFromPemFile(crt, key);
    }

    /// <summary>Puts ca.crt beside the node's files, so one directory configures the node.</summary>
    private static string CopyCaCertificate(string caDirectory, string outDirectory, bool overwrite)
    {
        var source = Path.Combine(caDirectory, CaCertificate);
        var target = Path.Combine(outDirectory, CaCertificate);
        if (string.Equals(Path.GetFullPath(source), Path.GetFullPath(target), StringComparison.Ordinal))
        {
            return target;
        }

        if (File.Exists(target) && !overwrite && !File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(source)))
        {
            throw new IOException($"'{target}' exists and is a different CA certificate; refusing to overwrite it.");
        }

        File.Copy(source, target, overwrite: true);
        return target;
    }
}
