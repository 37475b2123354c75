using System.Diagnostics;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// One run of <c>actorrealm demo</c>: write the files, start the nodes, wait, show, report nodes
/// that die until stopped, stop, and remove the folder when it is a temporary one.
/// </summary>
/// <param name="layout">The realm to run.</param>
/// <param name="directory">The folder for files, data and logs.</param>
/// <param name="removeOnExit">Whether to delete the folder after a clean run (it holds the CA key, join secret and token).</param>
/// <param name="launcher">How to start node processes.</param>
/// <param name="output">Progress and status.</param>
/// <param name="error">Errors.</param>
internal sealed partial class DemoRun(RealmLayout layout, string directory, bool removeOnExit, NodeLauncher launcher, TextWriter output, TextWriter error)
{
    /// <summary>How long each node gets to leave and stop before it is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly List<NodeProcess> _nodes = [];
    private readonly List<NodeProcess> _servers = [];
    private string? _lastProgress;

    public async Task<int> RunAsync(TimeSpan upTimeout, CancellationToken stop)
    {
        if (layout.BusyPorts() is { Count: > 0 } busy)
        {
            await error.WriteLineAsync($"error: ports in use: {string.Join(", ", busy)}. Stop what uses them or pass --base-port.").ConfigureAwait(false);
            return 1;
        }

        var files = RealmFiles.Write(layout, directory, "demo", tls: true, DemoCommand.DemoTimings);
        await output.WriteLineAsync($"Realm 'demo': {string.Join(", ", layout.Sites.Select(s => $"{s.Site} ({s.Count} node{(s.Count == 1 ? string.Empty : "s")})"))}; prime site {layout.PrimeSite}.").ConfigureAwait(false);
        await output.WriteLineAsync($"Files, data and logs: {directory}{(removeOnExit ? " (removed when the demo stops; --keep keeps them)" : string.Empty)}").ConfigureAwait(false);
        var exit = 1;
        try
        {
            foreach (var node in layout.Nodes)
            {
                _nodes.Add(NodeProcess.Start(launcher, node.Name, files.NodeConfigs[node.Name], files.LogFile(node.Name), directory));
            }

            var clients = layout.Nodes.ToDictionary(n => n.Name, n => new AdminClient(new Uri($"https://{n.AdminAddress}/"), files.AdminToken, files.CaCertificate, TimeSpan.FromSeconds(5)));
            try
            {
                var status = await WaitUntilUpAsync(clients, upTimeout, stop).ConfigureAwait(false);
                if (status is null)
                {
                    exit = stop.IsCancellationRequested ? 0 : 1;
                    return exit;
                }

                StatusTable.Render(ConsoleOutput.For(output), status);
                if (layout.PersistenceServers.Count > 0 && !await RunPersistenceClusterAsync(files, clients, upTimeout, stop).ConfigureAwait(false))
                {
                    exit = stop.IsCancellationRequested ? 0 : 1;
                    return exit;
                }

                await PrintHowToAsync(files).ConfigureAwait(false);
                await WatchUntilStoppedAsync(clients, stop).ConfigureAwait(false);
                exit = 0;
                return exit;
            }
            finally
            {
                foreach (var client in clients.Values)
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
            await CleanUpAsync(exit).ConfigureAwait(false);
        }
    }

    private async Task<NodeStatusView?> WaitUntilUpAsync(Dictionary<string, AdminClient> clients, TimeSpan timeout, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!stop.IsCancellationRequested)
        {
            if (_nodes.FirstOrDefault(n => n.HasExited) is { } dead)
            {
                await ReportExitAsync(dead).ConfigureAwait(false);
                return null;
            }

            NodeStatusView? first = null;
            foreach (var node in layout.Nodes)
            {
                try
                {
                    var (_, status) = await clients[node.Name].StatusAsync(stop).ConfigureAwait(false);
                    statuses[node.Name] = status.Status;
                    first ??= status;
                }
                catch (AdminClientException)
                {
                    statuses[node.Name] = "starting";
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var up = statuses.Values.Count(s => s == MemberView.UpStatus);
            var summary = string.Join(", ", statuses.Values.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
            await ProgressAsync($"Waiting for {layout.Nodes.Count} nodes to be up: {summary}", clock.Elapsed).ConfigureAwait(false);
            if (up == layout.Nodes.Count && first is not null)
            {
                await output.WriteLineAsync().ConfigureAwait(false);
                return first;
            }

            if (!await WaitAgainAsync(clock, timeout, "not every node was up", stop).ConfigureAwait(false))
            {
                return null;
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Pauses before the next poll of a wait; false (after ending the progress line, and with an error naming
    /// <paramref name="failure"/> when the time is up) when the wait must give up: time up or the demo stopped.
    /// </summary>
    private async Task<bool> WaitAgainAsync(Stopwatch clock, TimeSpan timeout, string failure, CancellationToken stop)
    {
        if (clock.Elapsed > timeout)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await error.WriteLineAsync($"error: {failure} within {timeout.TotalSeconds:0} s; see the logs in {Path.Combine(directory, "logs")}.").ConfigureAwait(false);
            return false;
        }

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>One progress line rewritten in place on a terminal; when redirected, a new line only when it changes.</summary>
    private async Task ProgressAsync(string line, TimeSpan elapsed)
    {
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            await output.WriteAsync($"\r{line} ({elapsed.TotalSeconds:0} s)   ").ConfigureAwait(false);
        }
        else if (line != _lastProgress)
        {
            await output.WriteLineAsync($"{line} ({elapsed.TotalSeconds:0} s)").ConfigureAwait(false);
        }

        _lastProgress = line;
    }

    private async Task ReportExitAsync(NodeProcess dead)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await error.WriteLineAsync($"error: node {dead.Name} exited with code {dead.ExitCode}. The end of {dead.LogFile}:").ConfigureAwait(false);
        foreach (var line in dead.Tail(15))
        {
            await error.WriteLineAsync("  " + line).ConfigureAwait(false);
        }
    }

    private async Task PrintHowToAsync(RealmFileSet files)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Admin APIs (HTTPS with the demo CA, bearer token in admin-token):").ConfigureAwait(false);
        foreach (var node in layout.Nodes)
        {
            await output.WriteLineAsync($"  {node.Name,-8} https://{node.AdminAddress}/api/status   log: {files.LogFile(node.Name)}   pid {_nodes.First(n => n.Name == node.Name).Id}").ConfigureAwait(false);
        }

        await PrintPersistenceHowToAsync(files).ConfigureAwait(false);
        var first = layout.Nodes[0];
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Query a node's view of the realm:").ConfigureAwait(false);
        await output.WriteLineAsync($"  export ACTORREALM_ADMIN_TOKEN=$(cat {files.TokenFile})").ConfigureAwait(false);
        await output.WriteLineAsync($"  {launcher.Display("status", "--admin", first.AdminAddress, "--ca", files.CaCertificate!)}").ConfigureAwait(false);
        await output.WriteLineAsync($"  curl --cacert {files.CaCertificate} -H \"Authorization: Bearer $ACTORREALM_ADMIN_TOKEN\" https://{first.AdminAddress}/api/status").ConfigureAwait(false);
        await output.WriteLineAsync($"Try: kill -9 a node's pid; the demo reports it at once, then as the others see it: unreachable, then down (stable-after {DemoCommand.StableAfter} in the demo).").ConfigureAwait(false);
        await output.WriteLineAsync("Press Ctrl-C to stop every node (each leaves the realm gracefully).").ConfigureAwait(false);
    }

    private async Task StopAllAsync()
    {
        if (_nodes.Count == 0)
        {
            return;
        }

        // Persistence servers first: their realm servers stay until they are gone, so they stop with quorum.
        if (_servers.Count > 0)
        {
            await output.WriteLineAsync($"Stopping {_servers.Count(n => !n.HasExited)} persistence servers...").ConfigureAwait(false);
            await Task.WhenAll(_servers.Select(n => n.StopAsync(StopGrace))).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Stopping {_nodes.Count(n => !n.HasExited)} nodes...").ConfigureAwait(false);
        await Task.WhenAll(_nodes.Select(n => n.StopAsync(StopGrace))).ConfigureAwait(false);
        foreach (var node in _servers.Concat(_nodes))
        {
            await output.WriteLineAsync($"  {node.Name}: exit code {(node.HasExited ? node.ExitCode : -1)}").ConfigureAwait(false);
            await node.DisposeAsync().ConfigureAwait(false);
        }

        await output.WriteLineAsync("Stopped.").ConfigureAwait(false);
    }

    /// <summary>Removes the folder after a clean run unless kept; after a failure it stays, for its logs.</summary>
    private async Task CleanUpAsync(int exit)
    {
        if (!removeOnExit || exit != 0)
        {
            await output.WriteLineAsync($"Files, data and logs remain in {directory} (it holds the CA key, join secret and admin token: delete it when done).").ConfigureAwait(false);
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
            await output.WriteLineAsync($"Removed {directory} (certificates, keys, secrets, data and logs); pass --keep to keep it.").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"warning: could not remove {directory}: {e.Message}; it holds the CA key, join secret and admin token: delete it yourself.").ConfigureAwait(false);
        }
    }
}
