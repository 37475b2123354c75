using System.Diagnostics;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// A realm as a user deploys it, for the publish benchmarks and the real-process tests: one realm server per site (main prime, dr) and three
/// persistence servers per set (<c>_setA</c> primary at main, <c>_setB</c> standby at dr, the latter optionally not
/// started), each its own <c>actorrealm node</c> process on 127.0.0.1 with TLS, under a folder of its own.
/// </summary>
internal sealed class DeployedRealm : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private readonly List<NodeProcess> _processes = [];
    // What the last unmet condition saw, for the timeout's message.
    private string? _notYet;
    private readonly TextWriter _progress;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private readonly IProcessPlacement? _placement;

    private DeployedRealm(RealmLayout layout, RealmFileSet files, TextWriter progress, IReadOnlyDictionary<string, string>? environment, IProcessPlacement? placement)
    {
        Layout = layout;
        Files = files;
        _progress = progress;
        _environment = environment;
        _placement = placement;
    }

    /// <summary>The realm's nodes and persistence servers.</summary>
    public RealmLayout Layout { get; }

    /// <summary>Its generated files (certificates, configuration, logs).</summary>
    public RealmFileSet Files { get; }

    /// <summary>
    /// Writes the files into <paramref name="directory"/>, starts the realm servers, waits until they are Up, starts
    /// the primary set (and the standby set when <paramref name="withStandby"/>) and waits until each started set has
    /// all its servers live with a leader. <paramref name="persistenceServerSettings"/> is appended to every persistence
    /// server's file, and <paramref name="environment"/> set for every process (the chaos harness's planted faults);
    /// <paramref name="placement"/>, when given, puts each process in a network of its own (the chaos harness's partitions).
    /// </summary>
    public static async Task<DeployedRealm> StartAsync(
        string directory,
        string standbyReplication,
        bool withStandby,
        TextWriter progress,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string clusterTimings = DemoCommand.DemoTimings,
        string? persistenceServerSettings = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IProcessPlacement? placement = null)
    {
        var layout = RealmLayout.Free("main:1,dr:1", serversPerSet: 3);
        if (placement is not null)
        {
            await placement.PlaceAsync([.. layout.ProcessNames], cancellationToken).ConfigureAwait(false);
            layout = layout.WithHosts(placement.HostOf);
        }

        var files = RealmFiles.Write(layout, directory, "bench", tls: true, clusterTimings, $"standby-replication = {standbyReplication}");
        if (persistenceServerSettings is not null)
        {
            foreach (var server in layout.PersistenceServers)
            {
                File.AppendAllText(files.NodeConfigs[server.Name], Environment.NewLine + persistenceServerSettings + Environment.NewLine);
            }
        }

        var realm = new DeployedRealm(layout, files, progress, environment, placement);
        try
        {
            var launcher = NodeLauncher.Current();
            foreach (var node in layout.Nodes)
            {
                realm._processes.Add(realm.Start(launcher, node.Name));
            }

            var clock = Stopwatch.StartNew();
            await realm.UntilAsync("the realm servers to be up", AllUpAsync, clock, timeout, cancellationToken).ConfigureAwait(false);
            foreach (var server in layout.PersistenceServers.Where(s => withStandby || s.Set == RealmLayout.PrimarySet))
            {
                realm._processes.Add(realm.Start(launcher, server.Name));
            }

            var sites = withStandby ? layout.Sites.Take(2).Select(s => s.Site).ToArray() : [layout.PrimeSite];
            await realm.UntilAsync("the persistence sets to have their servers and a leader", ct => realm.SetsSettledAsync(sites, ct), clock, timeout, cancellationToken).ConfigureAwait(false);
            return realm;

            async Task<bool> AllUpAsync(CancellationToken ct)
            {
                foreach (var node in layout.Nodes)
                {
                    using var admin = realm.Admin(node);
                    var (_, status) = await admin.StatusAsync(ct).ConfigureAwait(false);
                    if (status.Status != MemberView.UpStatus)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
        catch
        {
            await realm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The running (or exited) process of a realm server or persistence server, by name.</summary>
    public NodeProcess Process(string name) => _processes.Last(p => p.Name == name);

    /// <summary>Starts <paramref name="name"/> again (after a kill or a stop), with the same configuration and data directory.</summary>
    public void Restart(string name)
    {
        if (!Process(name).HasExited)
        {
            throw new InvalidOperationException($"{name} still runs");
        }

        _processes.Add(Start(NodeLauncher.Current(), name));
    }

    /// <summary>Waits until every process runs and both sets have all their servers live with a leader, as the realm servers see them.</summary>
    public Task WaitSettledAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        UntilAsync("both persistence sets to have their servers and a leader", ct => SetsSettledAsync([.. Layout.Sites.Take(2).Select(s => s.Site)], ct), Stopwatch.StartNew(), timeout, cancellationToken);

    /// <summary>The realm servers' cluster addresses: the client library's contact points.</summary>
    public IReadOnlyList<string> ContactPoints => [.. Layout.Nodes.Select(n => n.Address)];

    /// <summary>An admin client of <paramref name="node"/>.</summary>
    public AdminClient Admin(LocalNode node) => new(new Uri($"https://{node.AdminAddress}/"), Files.AdminToken, Files.CaCertificate, TimeSpan.FromSeconds(5));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Persistence servers first, while their realm servers still give them quorum.
        var servers = _processes.Where(p => Layout.PersistenceServers.Any(s => s.Name == p.Name)).ToList();
        await Task.WhenAll(servers.Select(p => p.StopAsync(StopGrace))).ConfigureAwait(false);
        await Task.WhenAll(_processes.Except(servers).Select(p => p.StopAsync(StopGrace))).ConfigureAwait(false);
        foreach (var process in _processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private NodeProcess Start(NodeLauncher launcher, string name) =>
        NodeProcess.Start(launcher, name, Files.NodeConfigs[name], Files.LogFile(name), Files.Directory, _environment, _placement?.Wrapper(name));

    private async Task<bool> SetsSettledAsync(string[] sites, CancellationToken cancellationToken)
    {
        foreach (var site in sites)
        {
            using var admin = Admin(Layout.Nodes.First(n => n.Site == site));
            var (_, view) = await admin.PersistenceAsync(cancellationToken).ConfigureAwait(false);
            if (!view.OwnSetSettled())
            {
                _notYet = view.Sets.SingleOrDefault(s => s.Site == view.Site) is { } own
                    ? $"realm server {view.RealmServer} has {own.Live} of {own.Servers.Count} servers of {own.Name} as clients (offline: {string.Join(", ", own.Servers.Where(s => s.State != "live").Select(s => s.Name).DefaultIfEmpty("none"))}), leader {own.Leader ?? "none"}"
                    : $"realm server {view.RealmServer} lists no set at its site {view.Site}";
                return false;
            }
        }

        return true;
    }

    private async Task UntilAsync(string what, Func<CancellationToken, Task<bool>> condition, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _progress.WriteLineAsync($"waiting for {what}...").ConfigureAwait(false);
        _notYet = null;
        while (true)
        {
            // Only each process's latest incarnation counts: an earlier one may have been killed on purpose.
            if (_processes.GroupBy(p => p.Name).Select(g => g.Last()).FirstOrDefault(p => p.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{dead.Name} exited with code {dead.ExitCode} while waiting for {what}; its log: {dead.LogFile}");
            }

            try
            {
                if (await condition(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (AdminClientException)
            {
                // Not answering yet.
            }

            if (clock.Elapsed > timeout)
            {
                var lastSeen = _notYet is null ? string.Empty : $" (last seen: {_notYet})";
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}{lastSeen}; logs in {Path.Combine(Files.Directory, "logs")}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }
}
