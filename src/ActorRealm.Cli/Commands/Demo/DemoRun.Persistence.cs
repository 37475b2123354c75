using System.Diagnostics;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Client;
using ActorRealm.Server.Admin;
using System.Text;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// The document's persistence cluster in the demo: six persistence servers, <c>_setA</c> primary at the first site
/// and <c>_setB</c> standby at the second, each a client of a realm server of its site; then both realm servers'
/// views, each showing the other site's servers offline.
/// </summary>
internal sealed partial class DemoRun
{
    private const string SampleChannel = "demo.orders";
    private const int SampleMessages = 5;

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

        if (await PublishSampleAsync(files, stop).ConfigureAwait(false) is { } last)
        {
            // The views carry indexes with the servers' periodic reports: show them once both sets hold the messages.
            views = await ViewsHoldingAsync(clients, last.Index, stop).ConfigureAwait(false) ?? views;
        }

        foreach (var view in views)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            PersistenceTable.Render(ConsoleOutput.For(output), view);
        }

        return true;
    }

    /// <summary>Publishes a few messages through the client library, as an application would; the last acknowledgement, or null after an error (reported).</summary>
    private async Task<PublishAck?> PublishSampleAsync(RealmFileSet files, CancellationToken stop)
    {
        try
        {
            await using var client = RealmClient.Start(ClientSettings(files));
            var acks = new List<PublishAck>();
            for (var i = 1; i <= SampleMessages; i++)
            {
                acks.Add(await client.PublishAsync(SampleChannel, Encoding.UTF8.GetBytes($"demo message {i}"), stop).ConfigureAwait(false));
            }

            await output.WriteLineAsync($"Published {acks.Count} messages to channel '{SampleChannel}' through the client library: offsets {acks[0].Offset}-{acks[^1].Offset}, " +
                $"log indexes {acks[0].Index}-{acks[^1].Index}, epoch {acks[^1].Epoch}; each acknowledged once a majority of {RealmLayout.PrimarySet} held it durably.").ConfigureAwait(false);
            return acks[^1];
        }
        catch (Exception e) when (e is RealmRequestRefusedException or TimeoutException or ArgumentException)
        {
            await error.WriteLineAsync($"warning: the sample publish failed: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private RealmClientSettings ClientSettings(RealmFileSet files) => new()
    {
        Realm = "demo",
        ContactPoints = [.. layout.Nodes.Select(n => n.Address)],
        Tls = files.CaCertificate is { } ca ? new RealmClientTls(files.ClientCertificate!, files.ClientKey!, ca) : null,
        Hostname = LocalNode.Loopback,
    };

    /// <summary>Both views once each set's leader reports <paramref name="index"/> committed (null if not within a few seconds).</summary>
    private async Task<List<PersistenceStatusView>?> ViewsHoldingAsync(Dictionary<string, AdminClient> clients, long index, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && !stop.IsCancellationRequested)
        {
            var views = new List<PersistenceStatusView>();
            foreach (var observer in Observers())
            {
                var (_, view) = await clients[observer.Name].PersistenceAsync(stop).ConfigureAwait(false);
                views.Add(view);
            }

            if (views.All(v => v.Sets.Single(s => s.Site == v.Site) is { Leader: { } leader } own && own.Servers.Single(s => s.Name == leader).CommittedIndex >= index))
            {
                return views;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), stop).ConfigureAwait(false);
        }

        return null;
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
            if (views.Count == Observers().Count() && views.All(v => v.OwnSetSettled()))
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

        var realm = $"demo@{string.Join(',', layout.Nodes.Select(n => n.Address))}";
        string[] tls = files.CaCertificate is { } ca ? ["--cert", files.ClientCertificate!, "--key", files.ClientKey!, "--ca", ca] : [];
        await output.WriteLineAsync("Publish and read as an application (the client library finds the primary leader through the realm servers):").ConfigureAwait(false);
        await output.WriteLineAsync($"  {launcher.Display(["publish", "--realm", realm, .. tls, "--channel", SampleChannel, "--count", "10", "--print-acks"])}").ConfigureAwait(false);
        await output.WriteLineAsync($"  {launcher.Display(["consume", "--realm", realm, .. tls, "--channel", SampleChannel, "--from", "0"])}").ConfigureAwait(false);
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
