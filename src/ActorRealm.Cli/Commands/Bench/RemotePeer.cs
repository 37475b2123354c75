using System.Diagnostics;
using System.Globalization;
using System.Net;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Cluster.Admission;
using Akka.Actor;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The other process of <c>bench remote</c>: <c>actorrealm bench remote --peer DIR</c> (hidden) starts the
/// ponger's actor system and the raw echo server, prints one line <c>ready ADDRESS PORT</c>, and serves
/// until its standard input closes (the benchmark ended, or died). DIR holds the benchmark's certificates
/// (<c>node.crt</c>, <c>node.key</c>, <c>ca.crt</c>), or is "-" for plaintext.
/// </summary>
internal sealed class RemotePeer : IAsyncDisposable
{
    private const string Ready = "ready ";
    private readonly Process _process;

    private RemotePeer(Process process, ActorPath ponger, IPEndPoint echo)
    {
        _process = process;
        Ponger = ponger;
        Echo = echo;
    }

    /// <summary>The ponger in the peer process.</summary>
    public ActorPath Ponger { get; }

    /// <summary>The peer's raw echo server.</summary>
    public IPEndPoint Echo { get; }

    /// <summary>Starts the peer process with the certificates in <paramref name="certificates"/> (null: plaintext) and waits until it serves.</summary>
    public static async Task<RemotePeer> StartAsync(string? certificates, CancellationToken cancellationToken)
    {
        var info = NodeLauncher.Current().StartInfo(["bench", "remote", "--peer", certificates ?? "-"]);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the benchmark's peer process.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(Ready, StringComparison.Ordinal))
                {
                    var parts = line[Ready.Length..].Split(' ');
                    var echo = new IPEndPoint(IPAddress.Loopback, int.Parse(parts[1], CultureInfo.InvariantCulture));
                    return new RemotePeer(process, ActorPath.Parse($"{parts[0]}/user/{RemotePingPong.PongerName}"), echo);
                }
            }

            throw new InvalidOperationException($"The benchmark's peer process ended before it served (exit code {(process.HasExited ? process.ExitCode : -1)}).");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Runs in the peer process: serves until standard input closes.</summary>
    public static async Task<int> ServeAsync(string certificates, TextWriter output)
    {
        var tls = certificates == "-"
            ? null
            : TlsContext.FromPemFiles(Path.Combine(certificates, "node.crt"), Path.Combine(certificates, "node.key"), Path.Combine(certificates, "ca.crt"));
        var system = RemotePingPong.CreateSystem("bench", tls);
        try
        {
            RemotePingPong.StartPonger(system);
            await using var echo = RawTcpPingPong.EchoServer.Start(tls);
            var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
            await output.WriteLineAsync($"{Ready}{address} {echo.Endpoint.Port}").ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);

            // The benchmark holds our standard input open while it runs.
            await Console.In.ReadToEndAsync().ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
