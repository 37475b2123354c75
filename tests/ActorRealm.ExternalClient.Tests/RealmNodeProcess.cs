using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace ActorRealm.ExternalClient.Tests;

/// <summary>
/// A one-node realm of this build, started the way an operator would: `actorrealm certs` for the
/// realm's CA and certificates, a node file, `actorrealm node --config`. Killed on dispose.
/// </summary>
internal sealed class RealmNodeProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private RealmNodeProcess(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public const string Realm = "external-test";

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The CA certificate every realm node and client trusts.</summary>
    public string CaCertificate => Path.Combine(Directory, "certs", "ca.crt");

    /// <summary>A certificate from the realm's CA for the client (the realm admits only holders of one).</summary>
    public (string Certificate, string Key) ClientCertificate => (Path.Combine(Directory, "certs", "client.crt"), Path.Combine(Directory, "certs", "client.key"));

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<RealmNodeProcess> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"actorrealm-external-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var node = new RealmNodeProcess(directory, FreePort());
        var certs = Path.Combine(directory, "certs");
        await RunCliAsync("certs", "create-ca", "--out", certs);
        await RunCliAsync("certs", "create-node", "--ca", certs, "--name", "node-1", "--host", "127.0.0.1", "--out", certs);
        await RunCliAsync("certs", "create-node", "--ca", certs, "--name", "client", "--host", "127.0.0.1", "--out", certs);
        var config = Path.Combine(directory, "node-1.conf");
        await File.WriteAllTextAsync(config, $$"""
            actorrealm {
              realm = "{{Realm}}"
              node { name = "node-1", site = "main", host = "127.0.0.1", port = {{node.Port}}, admin-port = 0, data-dir = "{{Escape(Path.Combine(directory, "data"))}}" }
              cluster {
                seed-nodes = ["127.0.0.1:{{node.Port}}"]
                sites.main { prime = true, nodes = ["127.0.0.1:{{node.Port}}"] }
              }
              remote {
                join-secret = "external-client-test-secret"
                transport.tls {
                  certificate = "{{Escape(Path.Combine(certs, "node-1.crt"))}}"
                  private-key = "{{Escape(Path.Combine(certs, "node-1.key"))}}"
                  ca-certificate = "{{Escape(Path.Combine(certs, "ca.crt"))}}"
                }
              }
            }
            """);
        node._process = Start(["node", "--config", config], node._output);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task RunCliAsync(params string[] arguments)
    {
        var output = new StringBuilder();
        using var process = Start(arguments, output);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"actorrealm {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
    }

    private static Process Start(IEnumerable<string> arguments, StringBuilder output)
    {
        var cli = typeof(RealmNodeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ActorRealmCli").Value!;
        Assert.True(File.Exists(cli), $"The actorrealm CLI of this build is missing at {cli}; build the solution first.");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        void Append(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
