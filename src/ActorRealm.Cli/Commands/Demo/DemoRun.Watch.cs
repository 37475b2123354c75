using System.Globalization;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>While the realm runs: say at once when a node process dies, then how the others see it.</summary>
internal sealed partial class DemoRun
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Until <paramref name="stop"/>: reports every node process that exits (name, pid, exit code, log)
    /// when it happens, then each change of how a surviving node sees it (unreachable, down, absent),
    /// so an experiment with <c>kill -9</c> shows its whole story without a status command.
    /// </summary>
    private async Task WatchUntilStoppedAsync(Dictionary<string, AdminClient> clients, CancellationToken stop)
    {
        var dead = new Dictionary<string, string?>(StringComparer.Ordinal);
        var deadServers = new HashSet<string>(StringComparer.Ordinal);
        while (!stop.IsCancellationRequested)
        {
            await ReportServerExitsAsync(deadServers).ConfigureAwait(false);
            foreach (var node in _nodes.Where(n => n.HasExited && !dead.ContainsKey(n.Name)))
            {
                dead[node.Name] = null;
                await output.WriteLineAsync($"{Now()} Node {node.Name} (pid {node.Id}) exited with code {node.ExitCode}{SignalOf(node.ExitCode)}. " +
                    $"The others will find it unreachable, then down it (stable-after {DemoCommand.StableAfter}). Its log: {node.LogFile}").ConfigureAwait(false);
            }

            if (dead.Count > 0)
            {
                await ReportHowOthersSeeAsync(clients, dead, stop).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(WatchInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM.
            }
        }
    }

    private async Task ReportHowOthersSeeAsync(Dictionary<string, AdminClient> clients, Dictionary<string, string?> dead, CancellationToken stop)
    {
        if (_nodes.FirstOrDefault(n => !n.HasExited) is not { } observer)
        {
            return;
        }

        NodeStatusView status;
        try
        {
            (_, status) = await clients[observer.Name].StatusAsync(stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AdminClientException or OperationCanceledException)
        {
            return;
        }

        foreach (var name in dead.Keys.ToList())
        {
            var address = layout.Nodes.Single(n => n.Name == name).Address;
            var member = status.Members.Where(m => m.Address == address).MaxBy(m => m.Status == MemberView.AbsentStatus ? 0 : 1);
            var seen = member switch
            {
                null or { Status: MemberView.AbsentStatus } => "absent (removed from the cluster)",
                { Status: "down" } => "down",
                { Reachable: false } => $"unreachable ({member.Status})",
                _ => member.Status,
            };
            if (seen != dead[name])
            {
                dead[name] = seen;
                await output.WriteLineAsync($"{Now()} {name} is {seen}, as {observer.Name} sees it; quorum: {status.Quorum.Explanation}").ConfigureAwait(false);
            }
        }
    }

    private static string Now() => DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>On Unix a process ended by a signal exits with 128 + the signal's number.</summary>
    private static string SignalOf(int exitCode) => exitCode switch
    {
        137 => " (killed by SIGKILL)",
        143 => " (stopped by SIGTERM)",
        134 => " (aborted, SIGABRT)",
        > 128 and < 160 when !OperatingSystem.IsWindows() => string.Create(CultureInfo.InvariantCulture, $" (killed by signal {exitCode - 128})"),
        _ => string.Empty,
    };
}
