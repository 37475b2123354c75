using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Status;
using StandbyLag = ActorRealm.PersistenceSets.Status.StandbyLag;
using Xunit.Abstractions;
using static ActorRealm.MultiNode.Tests.Harness.RealmTestCluster;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// The persistence set scenarios of issue 11's acceptance, on a realm of one realm node per site (main:1,dr:1) and a
/// persistence cluster of two sets of three (8 systems, plus the application's client): faults injected at runtime
/// (a crashed system, a wiped disk, a blackholed WAN), every wait bounded.
/// </summary>
internal static class PersistenceScenarios
{
    /// <summary>
    /// The longest the primary leader may go without acknowledging a publish while the standby set's leader is
    /// replaced: the standby set is not on the acknowledgement path, so only the machine's own pace shows (a publish
    /// is acknowledged in a few ms; measured 44-226 ms). An acknowledgement that waited for the standby set would
    /// pause for the standby election at least (1.2-1.5 s measured).
    /// </summary>
    public static readonly TimeSpan AckPauseBound = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The same bound during an <c>async</c> WAN cut (measured 25-690 ms on the loaded machine); an acknowledgement that
    /// waited for the standby set would pause for the whole cut (over 2 s: the spec heals only once the lag has grown).
    /// </summary>
    public static readonly TimeSpan WanAckPauseBound = TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Publishes flow; the standby leader's system crashes. The primary keeps acknowledging (no pause over
    /// <see cref="AckPauseBound"/>), the two other standby servers elect a new leader, the primary leader replicates to
    /// it, and every standby server (the old leader too, once restarted) ends with exactly the primary's log.
    /// </summary>
    public static async Task StandbyLeaderKilled(RealmTestCluster cluster, ITestOutputHelper output)
    {
        await using var flow = await PublishFlow.StartAsync(cluster, 20);
        var publisher = flow.Publisher;
        var before = await cluster.StatusesAsync();
        var primary = PrimaryLeaderOf(before)!.Server;
        var old = StandbyLeaderOf(before)!;

        cluster.Step($"kill the standby leader {old.Server}");
        var killedAt = cluster.Now;
        await cluster.KillServerAsync(old.Server);
        ReplicationStatus? successor = null;
        var took = await cluster.AwaitStatusesAsync(
            all => (successor = StandbyLeaderOf(all)) is { } l && l.Server != old.Server && l.Term > old.Term && all[primary].Standby?.StandbyLeader == l.Server,
            Deadline,
            "a new standby leader that the primary leader replicates to");
        await cluster.AwaitStatusesAsync(all => all[primary].Standby is { Entries: < 5 }, Deadline, "the standby set caught up (fewer than 5 entries behind)");
        var caughtUpAt = cluster.Now;
        var pause = publisher.LongestPause(killedAt, caughtUpAt);
        output.WriteLine($"standby leader {old.Server} killed: {successor!.Server} leads the standby set (term {successor.Term}) after {took.TotalSeconds:0.000} s; longest acknowledgement pause meanwhile {pause.TotalMilliseconds:0} ms (bound {AckPauseBound.TotalMilliseconds:0} ms)");
        Assert.True(pause <= AckPauseBound, $"the primary paused {pause} between acknowledgements while the standby leader was replaced (bound {AckPauseBound})");
        Assert.DoesNotContain(publisher.Refusals, r => r.At >= killedAt);

        cluster.Step($"restart {old.Server} on its journal");
        await cluster.StartServerAsync(old.Server);
        await flow.StopAndAwaitSameLogEverywhereAsync();
    }

    /// <summary>
    /// A standby member is stopped, its data directory deleted, and started again: it starts with an empty log and
    /// resynchronises the whole log from its set's leader while publishes go on.
    /// </summary>
    public static async Task StandbyMemberEmptyDisk(RealmTestCluster cluster, ITestOutputHelper output)
    {
        await using var flow = await PublishFlow.StartAsync(cluster, 100);
        var publisher = flow.Publisher;
        var leader = cluster.Server(StandbyLeaderOf(await cluster.StatusesAsync())!.Server);
        var member = cluster.StandbySet.First(s => s != leader);

        cluster.Step($"wipe standby member {member.Name}");
        await cluster.StopServerAsync(member.Name);
        cluster.WipeServerData(member.Name);
        await cluster.StartServerAsync(member.Name);
        await cluster.AwaitAsync(() => member.Log.Any(l => l.Incarnation == 2 && l.Message.Contains("runs: log of 0 entries", StringComparison.Ordinal)), Deadline, $"{member.Name} running with an empty log");
        var took = await cluster.AwaitConditionAsync(
            async () => (await StatusAsync(member)).LastIndex >= (await StatusAsync(leader)).CommitIndex && (await flow.Client.ReadAsync(member.Address)).Count > 100,
            Deadline,
            $"{member.Name} holding its leader's committed log again");
        output.WriteLine($"{member.Name} restarted with an empty disk resynchronised {(await StatusAsync(member)).LastIndex} entries in {took.TotalSeconds:0.000} s");

        await flow.StopAndAwaitSameLogEverywhereAsync();
    }

    /// <summary>
    /// The WAN is blackholed (the realm nodes' link and every persistence server's cross-site links), main keeps the
    /// realm's quorum (main:1,dr:1 with main prime). <c>async</c>: the primary keeps acknowledging and its leader's
    /// status and main-1's view show the standby lag growing in messages, bytes and seconds; after the heal the lag
    /// returns to 0. <c>sync</c>: no publish is acknowledged during the cut; after the heal they are again. Either way
    /// every server ends with exactly the acknowledged publishes, once each, in order.
    /// </summary>
    public static async Task WanPartition(RealmTestCluster cluster, ITestOutputHelper output, bool sync)
    {
        await using var flow = await PublishFlow.StartAsync(cluster, 20);
        var publisher = flow.Publisher;
        var primary = cluster.Server(PrimaryLeaderOf(await cluster.StatusesAsync())!.Server);

        cluster.Step("cut the WAN");
        var cutAt = cluster.Now;
        await cluster.BlackholeAsync("main", "dr");
        if (sync)
        {
            // An attempt unanswered for its whole timeout: the publish waits for the standby set.
            await cluster.AwaitAsync(() => publisher.Refusals.Any(r => r.At > cutAt && r.Why.StartsWith("no answer", StringComparison.Ordinal)), Deadline, "a publish left waiting");
            await cluster.RunForAsync(TimeSpan.FromSeconds(1));
        }
        else
        {
            var growing = await cluster.AwaitStatusesAsync(
                all => all[primary.Name].Standby is { Entries: >= 20, Bytes: > 0, OldestTicks: >= 20 },
                Deadline,
                "the primary leader's status showing the standby 20 entries and 20 ticks (1 s) behind");
            StandbyLag? first = null;
            await cluster.AwaitConditionAsync(
                async () => (first = StandbyLagOf(await cluster.PersistenceViewAsync("main-1"), primary.Name)) is { Messages: >= 20, Bytes: > 0 } lag && lag.Time >= TimeSpan.FromSeconds(1),
                Deadline,
                "main-1's view showing the standby lag of the primary leader");
            StandbyLag? later = null;
            await cluster.AwaitConditionAsync(
                async () => (later = StandbyLagOf(await cluster.PersistenceViewAsync("main-1"), primary.Name)) is { } lag &&
                    lag.Messages > first!.Messages && lag.Bytes > first.Bytes && lag.Time >= first.Time + TimeSpan.FromSeconds(0.5),
                Deadline,
                "main-1's view showing the lag grow in messages, bytes and seconds");
            output.WriteLine($"async cut: the leader's status showed the lag {growing.TotalSeconds:0.0} s after the cut; main-1's view: {first!.Messages} messages, {first.Bytes} bytes, {first.Time.TotalSeconds:0.0} s, then {later!.Messages}, {later.Bytes} bytes, {later.Time.TotalSeconds:0.0} s");
        }

        cluster.Step("heal the WAN");
        var healAt = cluster.Now;
        await cluster.HealAsync();
        if (sync)
        {
            var during = publisher.Acks.Where(a => a.At > cutAt + TimeSpan.FromMilliseconds(300) && a.At < healAt).ToList();
            Assert.True(during.Count == 0, $"sync mode acknowledged {during.Count} publishes while the standby set was cut off (first #{during.FirstOrDefault().Seq})");
        }
        else
        {
            var pause = publisher.LongestPause(cutAt, healAt);
            output.WriteLine($"async cut: longest acknowledgement pause {pause.TotalMilliseconds:0} ms (bound {WanAckPauseBound.TotalMilliseconds:0} ms)");
            Assert.True(pause <= WanAckPauseBound, $"the primary paused {pause} between acknowledgements during the WAN cut (bound {WanAckPauseBound})");
        }

        var count = publisher.AcknowledgedCount;
        var resumed = await cluster.AwaitAsync(() => publisher.AcknowledgedCount >= count + 20, Deadline, "20 more publishes acknowledged after the heal");
        output.WriteLine($"{(sync ? "sync" : "async")}: 20 more acknowledged {resumed.TotalSeconds:0.000} s after the heal");
        // Publishing stops first: while it goes on, the entry just committed is lag for a few milliseconds.
        await flow.StopAndAwaitSameLogEverywhereAsync();
        await cluster.AwaitStatusesAsync(all => all[primary.Name].Standby is { Entries: 0, Bytes: 0 }, Deadline, "the primary leader's standby lag back to 0");
        await cluster.AwaitConditionAsync(
            async () => StandbyLagOf(await cluster.PersistenceViewAsync("main-1"), primary.Name) is { Messages: 0, Bytes: 0 } lag && lag.Time == TimeSpan.Zero,
            Deadline,
            "main-1's view showing the standby lag back to 0");
    }

    /// <summary>
    /// The WAN is cut while dr is the prime site (main:1,dr:1): main loses the realm's quorum, and the primary
    /// leader at main refuses publishes with NoRealmQuorum within the lease of its realm server's verdict, acknowledges
    /// none from then on, and serves again after the heal; nothing acknowledged is lost or doubled.
    /// </summary>
    public static async Task PrimaryCutOffFromRealmQuorum(RealmTestCluster cluster, ITestOutputHelper output)
    {
        await using var flow = await PublishFlow.StartAsync(cluster, 20);
        var publisher = flow.Publisher;
        var main = cluster["main-1"];
        // When main-1's realm cluster decided, not when a poll saw it: the verdict reaches the leader at once.
        TimeSpan? lostAt = null;
        main.Realm.StatusChanged += (_, status) => lostAt ??= status.HasQuorum ? null : cluster.Now;

        cluster.Step("cut the WAN (dr is prime)");
        var cutAt = cluster.Now;
        await cluster.BlackholeAsync("main", "dr");
        await cluster.AwaitAsync(() => lostAt is not null, Deadline, "main-1 losing the realm's quorum");
        bool NoQuorum((TimeSpan At, string Why) r) => r.At > cutAt && r.Why.StartsWith(nameof(RefusalReason.NoRealmQuorum), StringComparison.Ordinal);
        await cluster.AwaitAsync(() => publisher.Refusals.Any(NoQuorum), Deadline, "a publish refused with NoRealmQuorum");
        var refusedAt = publisher.Refusals.First(NoQuorum).At;
        var lease = TimeSpan.FromMilliseconds(800);
        output.WriteLine($"cut at {cutAt.TotalSeconds:0.000} s; main-1 lost quorum {(lostAt!.Value - cutAt).TotalSeconds:0.000} s later; first NoRealmQuorum refusal {(refusedAt - lostAt.Value).TotalSeconds:0.000} s after that (lease {lease.TotalSeconds:0.0} s)");
        Assert.True(refusedAt - lostAt <= lease + TimeSpan.FromMilliseconds(200), $"the primary leader refused only {refusedAt - lostAt} after its realm server lost quorum (lease {lease})");
        await cluster.RunForAsync(TimeSpan.FromSeconds(1));
        var late = publisher.Acks.Where(a => a.At > lostAt + lease).ToList();
        Assert.True(late.Count == 0, $"{late.Count} publishes acknowledged after main lost the realm's quorum (first #{late.FirstOrDefault().Seq} at {late.FirstOrDefault().At})");

        cluster.Step("heal the WAN");
        await cluster.HealAsync();
        var count = publisher.AcknowledgedCount;
        var resumed = await cluster.AwaitAsync(() => publisher.AcknowledgedCount >= count + 20, Deadline, "20 more publishes acknowledged after the heal");
        output.WriteLine($"publishes acknowledged again {resumed.TotalSeconds:0.000} s after the heal");
        await flow.StopAndAwaitSameLogEverywhereAsync();
    }

    private static StandbyLag? StandbyLagOf(PersistenceView view, string server) =>
        view.Servers.Single(s => s.Server.Name == server).Status?.Standby;

    private static string Describe(List<long> read) =>
        $"it holds {read.Count}: {string.Join(",", read.Take(10))}{(read.Count > 20 ? " ... " + string.Join(",", read.TakeLast(10)) : string.Empty)}; duplicates: {string.Join(",", read.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).Take(10))}";

    /// <summary>The realm and its persistence sets started, and an application publishing to the primary leader.</summary>
    private sealed class PublishFlow(RealmTestCluster cluster, PersistenceClient client, PersistencePublisher publisher) : IAsyncDisposable
    {
        public PersistenceClient Client => client;

        public PersistencePublisher Publisher => publisher;

        /// <summary>Forms the realm, starts the sets, and publishes until <paramref name="acknowledged"/> are acknowledged.</summary>
        public static async Task<PublishFlow> StartAsync(RealmTestCluster cluster, int acknowledged)
        {
            await cluster.StartAllAndAwaitUpAsync();
            await cluster.StartPersistenceAndAwaitLeadersAsync();
            var client = new PersistenceClient();
            var flow = new PublishFlow(cluster, client, PersistencePublisher.Start(cluster, client));
            await cluster.AwaitAsync(() => flow.Publisher.AcknowledgedCount >= acknowledged, Deadline, $"{acknowledged} publishes acknowledged");
            return flow;
        }

        /// <summary>Stops publishing; then every persistence server holds exactly publishes 1..n, the acknowledged ones: none lost, none doubled, in order.</summary>
        public async Task StopAndAwaitSameLogEverywhereAsync()
        {
            var acknowledged = await publisher.StopAsync(Deadline);
            var expected = Enumerable.Range(1, (int)acknowledged).Select(i => (long)i).ToList();
            foreach (var server in cluster.PersistenceServers)
            {
                await cluster.AwaitConditionAsync(
                    async () => (await client.ReadAsync(server.Address)).SequenceEqual(expected),
                    Deadline,
                    $"{server.Name} holding publishes 1..{acknowledged} once each, in order",
                    async () => Describe(await client.ReadAsync(server.Address)));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await publisher.DisposeAsync();
            await client.DisposeAsync();
        }
    }
}
