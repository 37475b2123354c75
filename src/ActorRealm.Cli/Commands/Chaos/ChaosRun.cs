using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Client;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.Admin;
using ActorRealm.Server.PersistenceServer;

namespace ActorRealm.Cli.Commands.Chaos;

/// <summary>What a chaos run does.</summary>
/// <param name="Duration">How long faults are injected.</param>
/// <param name="Seed">The fault schedule's seed.</param>
/// <param name="CutOverEvery">Every how many fault cycles the whole primary site is stopped for a cut-over (0: never).</param>
/// <param name="Faults">Faults planted in every persistence server (the checker's teeth); none normally.</param>
/// <param name="Partitions">
/// Whether links are cut too (a process isolated from the others, the WAN between the sites): each process in a network
/// namespace of its own (<see cref="ChaosNetwork"/>; the harness must run inside its own namespaces).
/// </param>
/// <param name="MaxCycles">At most this many fault cycles, whatever time is left (0: as many as <paramref name="Duration"/> allows).</param>
/// <param name="MistakenSwitchEvery">
/// Every how many fault cycles (with <paramref name="Partitions"/>) the WAN is cut and the administrator mistakenly
/// switches the prime site and cuts over while the primary site still serves (0: never).
/// </param>
internal sealed record ChaosOptions(TimeSpan Duration, int Seed, int CutOverEvery, PlantedFaults Faults, bool Partitions = false, int MaxCycles = 0, int MistakenSwitchEvery = 0);

/// <summary>
/// <c>actorrealm chaos</c>'s run: a realm of real processes on loopback (<see cref="DeployedRealm"/>: a realm server
/// per site, a primary and a standby set of 3), publishers and durable subscribers through the client library, and
/// faults from a seeded schedule (kill -9 and restart, SIGSTOP/SIGCONT pauses beyond the failure detectors' budgets,
/// with <see cref="ChaosOptions.Partitions"/> cut links between processes and between the sites, now and then the
/// primary site stopped, the administrator's prime switch and cut-over, and the site's return). At
/// the end every channel is read back from both sets (a planned migration moves the primary to the other set between
/// the two reads) and <see cref="ChaosChecker"/> judges the recorded history.
/// </summary>
internal sealed partial class ChaosRun
{
    private const int PublishersCount = 2;
    private const int InFlight = 16;
    private static readonly string[] Channels = ["chaos.a", "chaos.b"];
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SampleWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ExportsSettle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExportsPoll = TimeSpan.FromSeconds(1);

    private readonly DeployedRealm _realm;
    private readonly ChaosOptions _options;
    private readonly TextWriter _progress;
    private readonly ChaosRecorder _recorder = new();
    private readonly Random _random;
    private readonly HashSet<string> _paused = [];
    private readonly Dictionary<string, int> _faultCounts = [];
    private readonly Lock _gate = new();
    private IReadOnlyList<StatusSample> _lastRound = [];
    private (long AtMs, long Lag, int AckedThen) _lastLag;
    private int _round;
    private int _stalls;
    // Processes the harness holds down (killed, not yet restarted), guarded by _gate; any other exit is the process's own.
    private readonly HashSet<string> _heldDown = [];
    private readonly List<string> _unexpectedExits = [];
    private readonly ChaosNetwork? _network;

    private ChaosRun(DeployedRealm realm, ChaosOptions options, TextWriter progress, ChaosNetwork? network)
    {
        _realm = realm;
        _options = options;
        _progress = progress;
        _network = network;
        _random = new Random(options.Seed);
    }

    /// <summary>Runs it in <paramref name="directory"/> and returns the verdict line and whether it passed.</summary>
    public static async Task<(string Json, bool Passed)> RunAsync(ChaosOptions options, string directory, TextWriter progress, CancellationToken cancellationToken)
    {
        var settings = options.Faults.Any
            ? $"{PlantedFaults.AckBeforeMajorityDurableKey} = {(options.Faults.AckBeforeMajorityDurable ? "on" : "off")}\n{PlantedFaults.SkipEpochCheckKey} = {(options.Faults.SkipEpochCheck ? "on" : "off")}"
            : null;
        Dictionary<string, string>? environment = options.Faults.Any ? new() { [PlantedFaults.EnvironmentVariable] = "1" } : null;
        await progress.WriteLineAsync($"chaos: seed {options.Seed}, {options.Duration.TotalMinutes:0.##} min of faults, realm in {directory}").ConfigureAwait(false);
        var network = options.Partitions ? new ChaosNetwork() : null;
        await using var realm = await DeployedRealm.StartAsync(directory, "async", withStandby: true, progress, TimeSpan.FromSeconds(180), cancellationToken, persistenceServerSettings: settings, environment: environment, placement: network).ConfigureAwait(false);
        var run = new ChaosRun(realm, options, progress, network);
        try
        {
            return await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A frozen process would ignore the stop request and its closed standard input.
            run.ResumeAll();
        }
    }

    private async Task<(string Json, bool Passed)> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var files = _realm.Files;
        var clients = Enumerable.Range(0, PublishersCount).Select(i => RealmClient.Start(new RealmClientSettings
        {
            Realm = "bench",
            ContactPoints = _realm.ContactPoints,
            Tls = new RealmClientTls(files.ClientCertificate!, files.ClientKey!, files.CaCertificate!),
            ProducerId = $"chaos-{_options.Seed}-p{i}",
            Window = InFlight,
            // In the chaos network the servers reach the clients on the bridge, not at this machine's name.
            Hostname = _network is null ? null : ChaosNetwork.HubAddress,
        })).ToList();
        try
        {
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var subscribing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = SampleAsync(sampling.Token);
            var publishers = clients.Select((c, i) => PublishAsync(c, i == 0 ? Channels : [Channels[0]], publishing.Token)).ToList();
            var subscriptions = Channels.Select(c => SubscribeAsync(clients[0], c, subscribing.Token)).ToList();

            var cycles = await InjectAsync(clock, cancellationToken).ConfigureAwait(false);

            await _progress.WriteLineAsync($"chaos: {cycles} fault cycles in {clock.Elapsed:hh\\:mm\\:ss}; every process back, waiting for both sets...").ConfigureAwait(false);
            string? error = null;
            var sets = 0;
            var servers = 0;
            long[] positions = [];
            try
            {
                await RestoreAllAsync(cancellationToken).ConfigureAwait(false);
                await publishing.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(publishers).ConfigureAwait(false);
                await CatchUpAsync(subscriptions, cancellationToken).ConfigureAwait(false);
                await subscribing.CancelAsync().ConfigureAwait(false);
                positions = await Task.WhenAll(subscriptions).ConfigureAwait(false);
                sets = await ReadBackBothSetsAsync(clients[0], cancellationToken).ConfigureAwait(false);
                servers = await ReadBackEveryServerAsync(clients[0].System, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                // The realm did not recover: a failed run (a liveness failure), judged on what was recorded.
                error = e.Message;
                await _progress.WriteLineAsync($"chaos: FAILED TO RECOVER: {e.Message}").ConfigureAwait(false);
                await publishing.CancelAsync().ConfigureAwait(false);
                await subscribing.CancelAsync().ConfigureAwait(false);
            }

            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);

            var history = _recorder.History();
            var findings = ChaosChecker.Check(history);
            var crashed = _unexpectedExits.Where(e => !e.EndsWith($":{PersistenceServerNode.AkkaTlsShutdownExitCode}", StringComparison.Ordinal)).ToList();
            var passed = findings.Passed && _stalls == 0 && sets > 0 && error is null && crashed.Count == 0;
            var fields = new Dictionary<string, object?>
            {
                ["seed"] = _options.Seed,
                ["minutes"] = Math.Round(_options.Duration.TotalMinutes, 2),
                ["cycles"] = cycles,
                ["faults"] = _faultCounts,
                ["planted"] = _options.Faults.Any ? PlantedName(_options.Faults) : null,
                ["partitions"] = _options.Partitions,
                ["stalls"] = _stalls,
                ["unexpected_exits"] = _unexpectedExits,
                ["read_back_sets"] = sets,
                ["read_back_servers"] = servers,
                ["subscriber_positions"] = positions,
                ["elapsed_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["error"] = error,
            };
            var json = ChaosVerdict.Json(history, findings, fields);
            return (passed ? json : json.Replace("\"verdict\":\"pass\"", "\"verdict\":\"fail\"", StringComparison.Ordinal), passed);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string PlantedName(PlantedFaults faults) =>
        string.Join(",", new[] { (faults.AckBeforeMajorityDurable, "ack-before-majority-durable"), (faults.SkipEpochCheck, "skip-epoch-check") }.Where(f => f.Item1).Select(f => f.Item2));

    /// <summary>The fault cycles until the duration is over; returns how many ran.</summary>
    private async Task<int> InjectAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        await WaitServingAsync(cancellationToken).ConfigureAwait(false);
        var cycle = 0;
        while (clock.Elapsed < _options.Duration && (_options.MaxCycles == 0 || cycle < _options.MaxCycles) && !cancellationToken.IsCancellationRequested)
        {
            cycle++;
            if (_options.CutOverEvery > 0 && cycle % _options.CutOverEvery == 0)
            {
                await SiteCutOverAsync(cycle, clock, cancellationToken).ConfigureAwait(false);
            }
            else if (_network is not null && _options.MistakenSwitchEvery > 0 && cycle % _options.MistakenSwitchEvery == 0)
            {
                await MistakenSwitchAsync(cycle, clock, _network, cancellationToken).ConfigureAwait(false);
            }
            else if (_network is not null && _random.NextDouble() < 0.3)
            {
                // Drawn only with partitions, so that a seed's schedule without them stays what it was.
                await PartitionAsync(cycle, clock, _network, cancellationToken).ConfigureAwait(false);
            }
            else if (_random.NextDouble() is var dice && dice < 0.2 && Leader() is { } leader)
            {
                await LeaderAloneAsync(cycle, clock, leader, cancellationToken).ConfigureAwait(false);
            }
            else if (dice < 0.6)
            {
                var target = PickTarget();
                await Report(cycle, clock, $"kill -9 {target}").ConfigureAwait(false);
                var process = KillHeld(target);
                await process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                await Task.Delay(Between(0.3, 3), cancellationToken).ConfigureAwait(false);
                RestartHeld(target);
                Count("kill");
            }
            else
            {
                var target = PickTarget();
                // Beyond the election timeout (1-2 s) and the cluster's failure detector, below the realm link's lease (10 s) or not.
                var pause = Between(2.5, 7);
                await Report(cycle, clock, $"SIGSTOP {target} for {pause.TotalSeconds:0.0} s").ConfigureAwait(false);
                Pause(target);
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                Resume(target);
                Count("pause");
            }

            await WaitServingAsync(cancellationToken).ConfigureAwait(false);
            await WaitProgressAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(Between(0.5, 2), cancellationToken).ConfigureAwait(false);
        }

        return cycle;
    }

    /// <summary>
    /// The primary leader left alone: its set's other members frozen (SIGSTOP), then the leader killed, then the
    /// members resumed and the leader restarted. Nothing may be acknowledged while it is alone (no majority holds it),
    /// so nothing may be lost when the members elect one of themselves.
    /// </summary>
    private async Task LeaderAloneAsync(int cycle, Stopwatch clock, string leader, CancellationToken cancellationToken)
    {
        var set = _realm.Layout.PersistenceServers.Single(s => s.Name == leader).Set;
        var members = _realm.Layout.PersistenceServers.Where(s => s.Set == set && s.Name != leader).Select(s => s.Name).ToList();
        // Shorter than its check of the majority (it steps down when it hears from none for an election timeout).
        var alone = Between(0.3, 1);
        await Report(cycle, clock, $"SIGSTOP {string.Join(" and ", members)}, the leader {leader} alone for {alone.TotalSeconds:0.0} s, then kill -9 {leader}").ConfigureAwait(false);
        members.ForEach(Pause);
        await Task.Delay(alone, cancellationToken).ConfigureAwait(false);
        var process = KillHeld(leader);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        members.ForEach(Resume);
        await Task.Delay(Between(0.5, 2), cancellationToken).ConfigureAwait(false);
        RestartHeld(leader);
        Count("leader-alone");
    }

    /// <summary>
    /// A partition: half the time the WAN between the sites (every process of one site cut from every process of the
    /// other), else one process (the primary leader half of the time) cut from every other server; the clients reach
    /// everyone throughout. Longer than the failure detectors' budgets, then healed.
    /// </summary>
    private async Task PartitionAsync(int cycle, Stopwatch clock, ChaosNetwork network, CancellationToken cancellationToken)
    {
        var all = _realm.Layout.ProcessNames.ToList();
        var wan = _random.NextDouble() < 0.5;
        var target = wan ? null : PickTarget();
        var links = wan
            ? WanLinks(_realm.Layout.PrimeSite)
            : all.Where(b => b != target).Select(b => (target!, b)).ToList();
        // A WAN cut up to beyond the non-prime site's downing (failure detector plus stable-after, ~8 s here); one
        // process beyond the election timeout and the failure detectors.
        var length = wan ? Between(3, 15) : Between(2.5, 7);
        var before = Leader();
        await Report(cycle, clock, $"{(wan ? "WAN cut between the sites" : $"{target} cut from every other server")} for {length.TotalSeconds:0.0} s (serving: {before ?? "none"})").ConfigureAwait(false);
        await network.CutAsync(links, cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await network.HealAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _progress.WriteLineAsync($"  healed (serving at the end of the cut: {Leader() ?? "none"})").ConfigureAwait(false);

        Count(wan ? "wan-cut" : "isolate");
    }

    private async Task Report(int cycle, Stopwatch clock, string fault) =>
        await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"cycle {cycle} [{clock.Elapsed:hh\\:mm\\:ss}] {fault} ({_recorder.AckedCount} acknowledged)")).ConfigureAwait(false);

    private void Count(string kind)
    {
        _faultCounts[kind] = _faultCounts.GetValueOrDefault(kind) + 1;
    }

    private TimeSpan Between(double low, double high) => TimeSpan.FromSeconds(low + (_random.NextDouble() * (high - low)));

    /// <summary>The primary leader half of the time (leaders are where faults hurt), else any process.</summary>
    private string PickTarget()
    {
        var all = _realm.Layout.ProcessNames.ToList();
        var leader = Leader();
        var pickLeader = _random.NextDouble() < 0.5;
        var any = all[_random.Next(all.Count)];
        return pickLeader && leader is not null ? leader : any;
    }

    private string? Leader()
    {
        lock (_gate)
        {
            return _lastRound.FirstOrDefault(s => s.Serving)?.Server;
        }
    }

    private void Pause(string name)
    {
        if (_realm.Process(name).Pause())
        {
            lock (_gate)
            {
                _paused.Add(name);
            }
        }
    }

    private void Resume(string name)
    {
        _realm.Process(name).Resume();
        lock (_gate)
        {
            _paused.Remove(name);
        }
    }

    private void ResumeAll()
    {
        string[] paused;
        lock (_gate)
        {
            paused = [.. _paused];
        }

        foreach (var name in paused)
        {
            Resume(name);
        }
    }

    /// <summary>
    /// The primary site stopped whole (kill -9 of its realm server and its persistence servers), the administrator's
    /// prime switch and cut-over at the other site once the failure is confirmed, the new primary serving, then the old
    /// site's return, which exports the old primary's divergent suffix.
    /// </summary>
    private async Task SiteCutOverAsync(int cycle, Stopwatch clock, CancellationToken cancellationToken)
    {
        // The site is lost from a settled realm, so the administrator's guard ("unreachable for min-unreachable", longer
        // than the old primary's lease) counts from the loss. A site already cut off by the previous fault would be
        // switched away from at once, 0.2 s after it stopped in seed 44's cycle 24: that is the mistaken switch
        // (ADR 0083), whose loss the checker judges differently.
        if (!await SettledOrStallAsync([], "no site loss this cycle", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var leader = Leader() ?? throw new InvalidOperationException("no serving primary leader before the cut-over");
        var primary = _realm.Layout.PersistenceServers.Single(s => s.Name == leader);
        var standby = _realm.Layout.PersistenceServers.First(s => s.Set != primary.Set);
        var (lagAt, lag, ackedThen) = _lastLag;
        var site = _realm.Layout.Nodes.Where(n => n.Site == primary.Site).Select(n => n.Name)
            .Concat(_realm.Layout.PersistenceServers.Where(s => s.Site == primary.Site).Select(s => s.Name)).ToList();
        // Half the time the site is frozen (SIGSTOP) rather than killed: its old primary leader then wakes after the
        // cut-over still believing itself primary, which is what the epoch check must fence.
        var frozen = _random.NextDouble() < 0.5;
        lock (_gate)
        {
            // Held down until the site follows the new epoch: a frozen realm server downed meanwhile exits and is started below.
            _heldDown.UnionWith(site);
        }

        foreach (var name in site)
        {
            if (frozen)
            {
                Pause(name);
            }
            else
            {
                Resume(name);
                KillHeld(name);
            }
        }

        await Report(cycle, clock, $"site {primary.Site} {(frozen ? "frozen (SIGSTOP" : "stopped (kill -9")} of its realm server and {primary.Set}), cut-over to {standby.Set} at {standby.Site}").ConfigureAwait(false);
        // What may be lost: the standby lag last reported, and whatever was acknowledged after that report.
        var bound = lag + Math.Max(0, _recorder.AckedCount - ackedThen);
        await _progress.WriteLineAsync($"  last reported standby lag {lag} message(s) at {lagAt} ms; at most {bound} may be lost").ConfigureAwait(false);
        var newEpoch = await SwitchAndCutOverAsync(primary, standby, "chaos", cancellationToken).ConfigureAwait(false);
        var at = _recorder.NowMs;
        await _progress.WriteLineAsync($"  cut-over accepted: {standby.Set} primary in epoch {newEpoch}").ConfigureAwait(false);
        Count("cutover");
        await WaitServingAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(Between(1, 4), cancellationToken).ConfigureAwait(false);

        await _progress.WriteLineAsync($"  site {primary.Site} returns ({(frozen ? "SIGCONT" : "restarted")})").ConfigureAwait(false);
        foreach (var name in site)
        {
            if (frozen)
            {
                Resume(name);
            }
            else
            {
                RestartHeld(name);
            }
        }

        var exported = await FollowNewEpochAsync(primary.Set, newEpoch, site, cancellationToken).ConfigureAwait(false);
        // A frozen realm server downed by the other side leaves and exits when it wakes, possibly after its site's set
        // already follows the new epoch through the other site: it stays held down until it is a member again, or its
        // exit would count as unexpected.
        await SettledOrStallAsync(site, "the site's processes are released anyway", cancellationToken).ConfigureAwait(false);

        lock (_gate)
        {
            _heldDown.ExceptWith(site);
        }

        _recorder.CutOver(new AsyncCutOver(at, newEpoch, bound, exported));
    }

    /// <summary>
    /// The publishes <paramref name="servers"/> exported when they followed <paramref name="epoch"/> (their old primary's
    /// divergent suffixes). A server reports the new epoch as soon as it adopts it; its journal writes the export file
    /// beside (one write, under an exclusive lock, then closed). So the files are read once none is locked and the list
    /// of them has stayed the same for one more <see cref="ExportsPoll"/>; at most <see cref="ExportsSettle"/>.
    /// </summary>
    private async Task<List<MessageKey>> ExportedPublishesAsync(IReadOnlyCollection<string> servers, long epoch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string[]? seen = null;
        while (true)
        {
            var files = servers.Select(s => Path.Combine(_realm.Files.DataDirectory(s), "exports"))
                .Where(Directory.Exists)
                .SelectMany(d => Directory.EnumerateFiles(d, $"epoch-{epoch}-oldepoch-*.jsonl"))
                .Order(StringComparer.Ordinal).ToArray();
            try
            {
                var keys = files.SelectMany(ReadExport).Distinct().ToList();
                if (seen is not null && files.SequenceEqual(seen, StringComparer.Ordinal))
                {
                    return keys;
                }
            }
            catch (IOException) when (clock.Elapsed < ExportsSettle)
            {
                // Still being written (the journal holds it locked).
            }

            if (clock.Elapsed >= ExportsSettle)
            {
                throw new TimeoutException($"the exports of epoch {epoch} did not settle within {ExportsSettle.TotalSeconds:0} s");
            }

            seen = files;
            await Task.Delay(ExportsPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<MessageKey> ReadExport(string file)
    {
        foreach (var line in File.ReadAllLines(file).Skip(1))
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            if (root.GetProperty("kind").GetString() == "publish")
            {
                yield return new MessageKey(root.GetProperty("producerId").GetString()!, root.GetProperty("producerSeq").GetInt64());
            }
        }
    }

    /// <summary>Every process running again (paused ones resumed, killed ones restarted), both sets settled.</summary>
    private async Task RestoreAllAsync(CancellationToken cancellationToken)
    {
        ResumeAll();
        Supervise();
        foreach (var name in _realm.Layout.ProcessNames)
        {
            if (_realm.Process(name).HasExited)
            {
                _realm.Restart(name);
            }
        }

        await _realm.WaitSettledAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
        await WaitServingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes in order with up to <see cref="InFlight"/> unacknowledged (the client's window), recording each acknowledgement.</summary>
    private async Task PublishAsync(RealmClient client, string[] channels, CancellationToken stop)
    {
        var payload = new byte[64];
        using var slots = new SemaphoreSlim(InFlight);
        var pending = new List<Task>();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var channel = channels[i % channels.Length];
            try
            {
                await slots.WaitAsync(stop).ConfigureAwait(false);
                pending.Add(AwaitAckAsync(client.PublishAsync(channel, payload, stop), channel, client.ProducerId, slots));
                pending.RemoveAll(t => t.IsCompleted);
                await Task.Delay(1, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async Task AwaitAckAsync(Task<PublishAck> publish, string channel, string producer, SemaphoreSlim slots)
    {
        try
        {
            var ack = await publish.ConfigureAwait(false);
            _recorder.Ack(new AckedPublish(channel, new MessageKey(producer, ack.ProducerSeq), ack.Offset, ack.Epoch, _recorder.NowMs));
        }
        catch (OperationCanceledException)
        {
            // Stopped waiting; the publish may still be stored (once), unacknowledged.
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<long> SubscribeAsync(RealmClient client, string channel, CancellationToken stop)
    {
        var name = "chaos-" + channel.Replace('.', '-');
        DurableSubscription? subscription = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                subscription ??= await client.SubscribeAsync(channel, name, stop).ConfigureAwait(false);
                var messages = await subscription.ReadAsync(500, stop).ConfigureAwait(false);
                foreach (var m in messages)
                {
                    _recorder.Delivered(new SubscriberDelivery(name, channel, new MessageKey(m.ProducerId, m.ProducerSeq), m.Offset, _recorder.NowMs));
                }

                if (messages.Count > 0)
                {
                    await subscription.CommitAsync(stop).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(200, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (RealmRequestRefusedException e)
            {
                await _progress.WriteLineAsync($"  subscriber {name}: {e.Message}").ConfigureAwait(false);
                await Task.Delay(500, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return subscription?.Position ?? 0;
    }

    /// <summary>Waits (up to 60 s) until the subscribers have read past every acknowledged offset.</summary>
    private async Task CatchUpAsync(IReadOnlyList<Task<long>> subscriptions, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var ends = Channels.ToDictionary(c => c, c => _recorder.Acked.Where(a => a.Channel == c).Select(a => a.Offset + 1).DefaultIfEmpty(0).Max());
        while (deadline.Elapsed < TimeSpan.FromSeconds(60) && subscriptions.All(s => !s.IsCompleted))
        {
            var read = _recorder.History().Deliveries.GroupBy(d => d.Channel).ToDictionary(g => g.Key, g => g.Max(d => d.Offset) + 1);
            if (Channels.All(c => read.GetValueOrDefault(c) >= ends[c]))
            {
                return;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Samples who leads, serves and follows which epoch, every half second, from every realm server that answers: cut
    /// apart, each side knows only its own servers. Of two reports of one server the newer (epoch, term) counts.
    /// </summary>
    private async Task SampleAsync(CancellationToken stop)
    {
        var views = new Dictionary<string, Task<PersistenceRealmView?>>();
        while (!stop.IsCancellationRequested)
        {
            // A paused realm server answers nobody until its request times out (5 s): the round goes on without it, and
            // it is asked again once that request has ended.
            foreach (var node in _realm.Layout.Nodes.Where(n => !_realm.Process(n.Name).HasExited && !(views.TryGetValue(n.Name, out var v) && !v.IsCompleted)))
            {
                views[node.Name] = TryViewAsync(node, stop);
            }

            var asked = views.Values.ToList();
            await Task.WhenAny(Task.WhenAll(asked), Task.Delay(SampleWait, stop)).ConfigureAwait(false);
            var reports = asked.Where(t => t.IsCompletedSuccessfully && t.Result is not null).SelectMany(t => t.Result!.Servers).ToList();
            foreach (var done in views.Where(v => v.Value.IsCompleted).Select(v => v.Key).ToList())
            {
                views.Remove(done);
            }

            if (reports.Count > 0 && !stop.IsCancellationRequested)
            {
                var round = ++_round;
                var at = _recorder.NowMs;
                var samples = reports.GroupBy(s => s.Name).Select(g => g.MaxBy(s => (s.Epoch, s.Term))!)
                    .Select(s => new StatusSample(round, at, s.Name, s.Set, s.SetRole, s.Role, s.Epoch, s.Term, s.Serving)).ToList();
                samples.ForEach(_recorder.Sampled);
                lock (_gate)
                {
                    _lastRound = samples;
                }

                try
                {
                    await SampleLagAsync(samples, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is AdminClientException or HttpRequestException or TaskCanceledException)
                {
                    // The leader's realm server paused or restarting: no lag this round.
                }
            }

            try
            {
                await Task.Delay(SampleInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<PersistenceRealmView?> TryViewAsync(LocalNode node, CancellationToken stop)
    {
        try
        {
            using var admin = _realm.Admin(node);
            return await admin.PersistenceRealmAsync(stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AdminClientException or HttpRequestException or TaskCanceledException)
        {
            // A paused or restarting realm server (or the run stopping).
            return null;
        }
    }

    /// <summary>The serving primary leader's reported standby lag, from the realm server of its site.</summary>
    private async Task SampleLagAsync(IReadOnlyList<StatusSample> samples, CancellationToken stop)
    {
        if (samples.FirstOrDefault(s => s.Serving) is not { } leader)
        {
            return;
        }

        var site = _realm.Layout.PersistenceServers.Single(s => s.Name == leader.Server).Site;
        var acked = _recorder.AckedCount;
        using var admin = _realm.Admin(_realm.Layout.Nodes.First(n => n.Site == site));
        var (_, view) = await admin.PersistenceAsync(stop).ConfigureAwait(false);
        if (view.Sets.SelectMany(s => s.Servers).FirstOrDefault(s => s.Name == leader.Server)?.StandbyLagMessages is { } lag)
        {
            _lastLag = (_recorder.NowMs, lag, acked);
        }
    }

    private NodeProcess KillHeld(string name)
    {
        lock (_gate)
        {
            _heldDown.Add(name);
        }

        var process = _realm.Process(name);
        process.Kill();
        return process;
    }

    private void RestartHeld(string name)
    {
        _realm.Restart(name);
        lock (_gate)
        {
            _heldDown.Remove(name);
        }
    }

    /// <summary>
    /// Starts again a process that exited on its own, as its supervisor would (compose's restart policy, Kubernetes);
    /// each exit goes into the verdict, and one other than Akka's TLS shutdown (exit code 79, ADR 0081) fails the run.
    /// </summary>
    private void Supervise()
    {
        foreach (var name in _realm.Layout.ProcessNames)
        {
            var process = _realm.Process(name);
            lock (_gate)
            {
                if (!process.HasExited || _heldDown.Contains(name))
                {
                    continue;
                }

                _unexpectedExits.Add($"{name}:{process.ExitCode}");
            }

            _progress.WriteLine($"  {name} exited on its own (exit code {process.ExitCode}); started again, as its supervisor would");
            _realm.Restart(name);
        }
    }

    /// <summary>Waits until a serving primary leader is sampled; counts a stall (a failure of the run) after <see cref="Recovery"/>.</summary>
    private async Task WaitServingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await UntilAsync("a serving primary leader", _ =>
            {
                Supervise();
                return Task.FromResult(Leader() is not null);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            _stalls++;
            await _progress.WriteLineAsync($"  STALL: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>Waits until publishes are acknowledged again after a fault; counts a stall (a failure of the run) after <see cref="Recovery"/>.</summary>
    private async Task WaitProgressAsync(CancellationToken cancellationToken)
    {
        var before = _recorder.AckedCount;
        try
        {
            await UntilAsync("acknowledged publish after the fault", _ =>
            {
                Supervise();
                return Task.FromResult(_recorder.AckedCount > before);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            _stalls++;
            await _progress.WriteLineAsync($"  STALL: {e.Message} (still {before} acknowledged)").ConfigureAwait(false);
        }
    }

    private static async Task UntilAsync(string what, Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Recovery)
        {
            try
            {
                if (await condition(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is AdminClientException or HttpRequestException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not answering yet.
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"no {what} within {Recovery.TotalSeconds:0} s");
    }
}
