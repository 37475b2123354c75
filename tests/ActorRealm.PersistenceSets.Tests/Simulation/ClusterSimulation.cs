using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

/// <summary>
/// Drives a whole persistence cluster (both sets) from one seed on virtual time: a lossy, delaying, duplicating and
/// reordering network, partitions, crashes and restarts, slow disks, clients with retries, realm quorum changes,
/// cut-overs and migrations. Every step is checked (<see cref="ClusterSimulation"/>'s invariants); at the end
/// everything heals and the cluster must converge. The same seed replays the same run exactly.
/// </summary>
internal sealed partial class ClusterSimulation
{
    private const int TickMs = 10;
    private const long QuietPhaseMs = 4000;
    private readonly PriorityQueue<SimEvent, (long Time, long Seq)> _queue = new();
    private readonly Dictionary<string, SimServer> _servers = new(StringComparer.Ordinal);
    private readonly (long Time, SimEvent? Event)[] _trace = new (long, SimEvent?)[300];
    private readonly Random _random;
    // Compaction and trims draw from their own stream, so that switching them off leaves every other draw unchanged.
    private readonly Random _compaction;
    private long _seq;
    private long _traced;

    public ClusterSimulation(int seed, SimulationConfig config)
    {
        Seed = seed;
        Config = config;
        Cluster = config.Cluster();
        _random = new Random(seed);
        _compaction = new Random(unchecked((seed * 7919) + 17));
        foreach (var name in Cluster.Sets.SelectMany(s => s.Servers))
        {
            _servers[name] = new SimServer(name, Cluster.SetOf(name).Site, new SimulatedDisk(name, HardState.Initial(Cluster)));
        }

        Schedule = FaultSchedule.Draw(_random, [.. _servers.Keys]);
        CreateClients();
    }

    public int Seed { get; }

    public SimulationConfig Config { get; }

    public ClusterDefinition Cluster { get; }

    public FaultSchedule Schedule { get; }

    public long Now { get; private set; }

    /// <summary>How many events the run handled.</summary>
    public long Events => _traced;

    /// <summary>Runs the seed; returns null, or the first violation with what is needed to replay and understand it.</summary>
    public string? Run()
    {
        try
        {
            RunPhases();
            return null;
        }
        catch (SimulationViolation violation)
        {
            return Describe(violation.Message);
        }
#pragma warning disable CA1031 // any exception of the machine (or of a broken disk contract) is a finding to report with the seed
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Describe($"the machine failed: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
    }

    private void RunPhases()
    {
        foreach (var server in _servers.Values)
        {
            Start(server);
        }

        foreach (var fault in Schedule.Faults)
        {
            At(fault.At, new SimEvent(EventKind.Fault, fault.Target, 0, fault));
        }

        StartClients();
        RunUntil(FaultSchedule.FaultPhaseMs);
        HealEverything();
        var deadline = Now + QuietPhaseMs;
        while (Now < deadline)
        {
            RunUntil(Now + 100);
            if (Converged() is null)
            {
                CheckFinal();
                return;
            }
        }

        throw new SimulationViolation($"no convergence {QuietPhaseMs} ms after healing: {Converged()}");
    }

    private void RunUntil(long until)
    {
        while (_queue.TryPeek(out var next, out var key) && key.Time <= until)
        {
            _queue.Dequeue();
            Now = key.Time;
            _trace[_traced++ % _trace.Length] = (Now, next);
            Handle(next);
        }

        Now = until;
    }

    private void At(long time, SimEvent e) => _queue.Enqueue(e, (time, _seq++));

    private void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.Tick:
                OnTick(e);
                break;
            case EventKind.Deliver:
                OnDeliver(e);
                break;
            case EventKind.DiskDone:
                OnDiskDone(e);
                break;
            case EventKind.ToServer:
                OnClientRequestArrives(e);
                break;
            case EventKind.ToClient:
                OnClientReply(e);
                break;
            case EventKind.ClientTimeout:
                OnClientTimeout(e);
                break;
            case EventKind.Fault:
                OnFault((Fault)e.Data!);
                break;
            case EventKind.Restart when !_servers[e.Server].Up:
                Start(_servers[e.Server]);
                break;
            case EventKind.Heal:
                OnHeal(e);
                break;
            case EventKind.Admin when _servers[e.Server].Up:
                Step(_servers[e.Server], (ReplicationInput)e.Data!);
                break;
        }
    }

    private void Start(SimServer server)
    {
        server.Incarnation++;
        server.Up = true;
        server.SentQuorum = null;
        server.CheckedUpTo = 0;
        server.Machine = ReplicationServer.Start(Cluster, server.Name, SimulationConfig.Settings, server.Disk.Stored(), Config.Switches);
        // As its realm server does (ADR 0073): the newest epoch any server follows, before the realm's quorum verdict.
        if (NewestEpoch() is var newest && newest.Epoch > server.Machine.CurrentEpoch.Epoch)
        {
            Step(server, new EpochNotice(newest));
        }

        UpdateRealmQuorum(server);
        At(Now + 1 + _random.Next(TickMs), new SimEvent(EventKind.Tick, server.Name, server.Incarnation, null));
    }

    private void Crash(SimServer server)
    {
        server.Up = false;
        server.Machine = null;
        server.Disk.Crash(_random.Next(server.Disk.Queued + 1));
        if (Config.Compaction)
        {
            // The crashed process's connections close: its set's other servers hear of it a millisecond later.
            foreach (var peer in Cluster.SetOf(server.Name).Servers.Where(p => p != server.Name))
            {
                At(Now + 1, new SimEvent(EventKind.Admin, peer, 0, new PeerConnectionLost(server.Name)));
            }
        }
    }

    private void OnTick(SimEvent e)
    {
        var server = _servers[e.Server];
        if (server.Up && server.Incarnation == e.Incarnation)
        {
            Step(server, Tick.Instance);
            if (Config.Compaction && server.Up)
            {
                CompactOrTrim(server);
            }

            At(Now + TickMs, e);
        }
    }

    /// <summary>Now and then a server compacts (the machine decides how far it may), and a serving leader trims a channel.</summary>
    private void CompactOrTrim(SimServer server)
    {
        var m = server.Machine!;
        if (_compaction.Next(40) == 0)
        {
            Step(server, new Compact(m.CommitIndex - _compaction.Next(4), 1 + _compaction.Next(3)));
        }

        if (m.IsServing && _compaction.Next(60) == 0)
        {
            Step(server, new TrimChannels([new ChannelTrim(_compaction.Next(2) == 0 ? "orders" : "audit", _compaction.Next(40))]));
        }

        // A false alarm: a connection that closes and opens again while its peer lives on.
        if (_compaction.Next(200) == 0)
        {
            var peers = Cluster.SetOf(server.Name).Servers.Where(p => p != server.Name).ToList();
            if (peers.Count > 0)
            {
                Step(server, new PeerConnectionLost(peers[_compaction.Next(peers.Count)]));
            }
        }
    }

    private void OnDiskDone(SimEvent e)
    {
        var server = _servers[e.Server];
        if (server.Up && server.Incarnation == e.Incarnation)
        {
            Step(server, new Persisted(server.Disk.CompleteOne()));
        }
    }

    /// <summary>Feeds one input to a server, carries out its outputs and checks the invariants.</summary>
    private void Step(SimServer server, ReplicationInput input)
    {
        var outputs = server.Machine!.Step(input);
        foreach (var output in outputs)
        {
            Carry(server, output);
        }

        CheckAfterStep(server);
    }

    private void Carry(SimServer server, ReplicationOutput output)
    {
        switch (output)
        {
            case Send s:
                SendPeer(server, s);
                break;
            case StorageWrite w:
                server.Disk.Enqueue(w);
                var slow = server.Disk.SlowUntil > Now;
                var done = Math.Max(server.Disk.BusyUntil, Now) + (slow ? 20 + _random.Next(80) : 1 + _random.Next(3));
                server.Disk.BusyUntil = done;
                At(done, new SimEvent(EventKind.DiskDone, server.Name, server.Incarnation, null));
                break;
            case ClientReply r:
                ReplyToClient(server, r);
                break;
            case AdminReply a:
                OnAdminReply(server, a.Result);
                break;
        }
    }

    private string Describe(string violation)
    {
        var tail = Enumerable.Range(0, (int)Math.Min(_traced, _trace.Length))
            .Select(i => _trace[(_traced - Math.Min(_traced, _trace.Length) + i) % _trace.Length])
            .Select(t => t.Event! with { Time = t.Time })
            .TakeLast(80);
        return $"""
            seed {Seed} ({Config.ServersPerSet}+{Config.ServersPerSet}, {Config.Mode}, {Config.Switches}) at {Now} ms: {violation}
            replay: ACTORREALM_SETS_SEEDS={Seed} dotnet test tests/ActorRealm.PersistenceSets.Tests --filter Simulator
            schedule:
            {Schedule}
            servers:
            {string.Join('\n', _servers.Values.Select(s => s.Machine is null ? $"{s.Name} down" : s.Machine.Status.ToString()))}
            trace tail:
            {string.Join('\n', tail)}
            """;
    }

    private sealed class SimServer(string name, string site, SimulatedDisk disk)
    {
        public string Name { get; } = name;

        public string Site { get; } = site;

        public SimulatedDisk Disk { get; } = disk;

        public ReplicationServer? Machine { get; set; }

        public bool Up { get; set; }

        public int Incarnation { get; set; }

        public bool? SentQuorum { get; set; }

        public long CheckedUpTo { get; set; }

        public long CheckedEpoch { get; set; }
    }
}

/// <summary>What an event does.</summary>
internal enum EventKind
{
    Tick,
    Deliver,
    DiskDone,
    ToServer,
    ToClient,
    ClientTimeout,
    Fault,
    Restart,
    Heal,
    Admin,
}

/// <summary>One scheduled event (kept in the trace as it happened).</summary>
internal sealed record SimEvent(EventKind Kind, string Server, int Incarnation, object? Data, long Time = 0)
{
    public override string ToString() => $"{Time,5} {Kind} {Server}#{Incarnation} {Format(Data)}";

    private static string Format(object? data) => data switch
    {
        AppendEntries a => $"AppendEntries from {a.From} e{a.Epoch.Epoch} t{a.Term} prev {a.PrevIndex}({a.PrevEpoch}.{a.PrevTerm}) {Ids(a.Entries)} commit {a.LeaderCommit}",
        StandbyAppend a => $"StandbyAppend from {a.From} e{a.Epoch.Epoch} t{a.PrimaryTerm} prev {a.PrevIndex}({a.PrevEpoch}.{a.PrevTerm}) {Ids(a.Entries)}",
        _ => data?.ToString() ?? "",
    };

    private static string Ids(IReadOnlyList<LogEntry> entries) =>
        "[" + string.Join(' ', entries.Select(e => $"{e.Index}({e.Epoch}.{e.Term} {e.Payload.GetType().Name})")) + "]";
}

/// <summary>An invariant broke.</summary>
internal sealed class SimulationViolation(string message) : Exception(message);
