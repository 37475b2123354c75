using System.Diagnostics;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// The document's persistence cluster in the demo: six persistence servers, <c>_setA</c> primary at the first site
/// and <c>_setB</c> standby at the second, each a client of a realm server of its site; then both realm servers'
/// views, each showing the other site's servers offline.
/// </summary>
internal sealed partial class DemoRun
{
    /// <summary>Starts the persistence servers, waits until each set has its servers live and a leader, and shows both views.</summary>
    /// <returns>False when a server exited, the wait timed out, or the demo was stopped.</returns>
    private async Task<bool> RunPersistenceClusterAsync(RealmFileSet files, Dictionary<string, AdminClient> clients, TimeSpan timeout, CancellationToken stop)
    {
        foreach (var server in layout.PersistenceServers)
        {
            _servers.Add(NodeProcess.Start(launcher, server.Name, files.NodeConfigs[server.Name], files.LogFile(server.Name), directory));
        }

        var views = await WaitForSetsAsync(clients, timeout, stop).ConfigureAwait(false);
        if (views is null)
        {
            return false;
        }

        foreach (var view in views)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            PersistenceTable.Render(ConsoleOutput.For(output), view);
        }

        return true;
    }

    /// <summary>The realm servers whose views the demo shows: the first of the primary set's site and the first of the standby's.</summary>
    private IEnumerable<LocalNode> Observers() =>
        layout.PersistenceServers.Select(s => s.Site).Distinct().Select(site => layout.Nodes.First(n => n.Site == site));

    private async Task<List<PersistenceStatusView>?> WaitForSetsAsync(Dictionary<string, AdminClient> clients, TimeSpan timeout, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            if (_servers.FirstOrDefault(n => n.HasExited) is { } dead)
            {
                await ReportExitAsync(dead).ConfigureAwait(false);
                return null;
            }

            var views = new List<PersistenceStatusView>();
            var progress = new List<string>();
            foreach (var observer in Observers())
            {
                try
                {
                    var (_, view) = await clients[observer.Name].PersistenceAsync(stop).ConfigureAwait(false);
                    views.Add(view);
                    var own = view.Sets.Single(s => s.Site == observer.Site);
                    progress.Add($"{observer.Name} has {own.Live} of {own.Servers.Count} of {own.Name}{(own.Leader is { } l ? $", leader {l}" : ", no leader yet")}");
                }
                catch (AdminClientException)
                {
                    progress.Add($"{observer.Name} does not answer yet");
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await ProgressAsync($"Waiting for {_servers.Count} persistence servers: {string.Join("; ", progress)}", clock.Elapsed).ConfigureAwait(false);
            if (views.Count == Observers().Count() && views.All(Settled))
            {
                await output.WriteLineAsync().ConfigureAwait(false);
                return views;
            }

            if (!await WaitAgainAsync(clock, timeout, "the persistence sets did not settle", stop).ConfigureAwait(false))
            {
                return null;
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>A realm server's view is settled when every server of its own site's set is its client, with a leader.</summary>
    private static bool Settled(PersistenceStatusView view) =>
        view.Sets.Single(s => s.Site == view.Site) is var own && own.Live == own.Servers.Count && own.Leader is not null;

    private async Task PrintPersistenceHowToAsync(RealmFileSet files)
    {
        if (_servers.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Persistence servers (clients of a realm server of their site; no admin API of their own):").ConfigureAwait(false);
        foreach (var server in layout.PersistenceServers)
        {
            await output.WriteLineAsync($"  {server.Name,-8} {server.Set} at {server.Site}, {server.Address}   log: {files.LogFile(server.Name)}   pid {_servers.First(n => n.Name == server.Name).Id}").ConfigureAwait(false);
        }

        await output.WriteLineAsync("Each realm server's view of them (its clients live, the others offline):").ConfigureAwait(false);
        foreach (var observer in Observers())
        {
            await output.WriteLineAsync($"  {launcher.Display("persistence", "status", "--admin", observer.AdminAddress, "--ca", files.CaCertificate!)}").ConfigureAwait(false);
        }
    }

    private async Task ReportServerExitsAsync(HashSet<string> reported)
    {
        foreach (var server in _servers.Where(n => n.HasExited && reported.Add(n.Name)))
        {
            var site = layout.PersistenceServers.Single(s => s.Name == server.Name).Site;
            await output.WriteLineAsync($"{Now()} Persistence server {server.Name} (pid {server.Id}) exited with code {server.ExitCode}{SignalOf(server.ExitCode)}. " +
                $"Its set elects a new leader if it led; the realm servers of {site} show it offline. Its log: {server.LogFile}").ConfigureAwait(false);
        }
    }
}
