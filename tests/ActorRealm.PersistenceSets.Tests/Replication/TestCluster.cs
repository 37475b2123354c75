using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Tests.Simulation;

namespace ActorRealm.PersistenceSets.Tests.Replication;

/// <summary>
/// A hand-driven persistence cluster for unit tests: messages are delivered in order, disks persist at once unless a
/// test slows one, and links are cut by the test. Nothing is random; every test states its own story.
/// </summary>
internal sealed class TestCluster
{
    private readonly Queue<(string From, string To, PeerMessage Message)> _network = new();
    private readonly Dictionary<string, SimulatedDisk> _disks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);
    private readonly HashSet<string> _slowDisks = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _cuts = [];
    private readonly Dictionary<string, ReplicationServer> _machines = new(StringComparer.Ordinal);
    private readonly SafetySwitches _switches;
    private long _requests;

    public TestCluster(int perSet = 3, StandbyMode mode = StandbyMode.Async, SafetySwitches? switches = null)
    {
        _switches = switches ?? SafetySwitches.All;
        Definition = new SimulationConfig(perSet, mode, _switches).Cluster();
        foreach (var name in Definition.Sets.SelectMany(s => s.Servers))
        {
            _disks[name] = new SimulatedDisk(name, HardState.Initial(Definition));
            Start(name);
        }
    }

    public ClusterDefinition Definition { get; }

    public List<(string Server, ReplicationOutput Output)> Outputs { get; } = [];

    public IEnumerable<string> ServersOf(string set) => Definition.FindSet(set)!.Servers;

    public ReplicationServer this[string name] => _machines[name];

    public IReadOnlyList<ExportSuffix> ExportsOf(string name) => _disks[name].Exports;

    public void Start(string name)
    {
        _down.Remove(name);
        _machines[name] = ReplicationServer.Start(Definition, name, SimulationConfig.Settings, _disks[name].Stored(), _switches);
        Step(name, new RealmQuorumChanged(true));
    }

    /// <summary>A crash: every write not yet durable is lost.</summary>
    public void Crash(string name)
    {
        _down.Add(name);
        _disks[name].Crash(0);
    }

    /// <summary>Replaces a crashed server's disk with an empty one.</summary>
    public void WipeDisk(string name) => _disks[name] = new SimulatedDisk(name, HardState.Initial(Definition));

    public void Cut(IEnumerable<string> a, IEnumerable<string> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                _cuts.Add((x, y));
                _cuts.Add((y, x));
            }
        }
    }

    public void CutSites() => Cut(ServersOf("_setA"), ServersOf("_setB"));

    public void Heal() => _cuts.Clear();

    public void SlowDisk(string name) => _slowDisks.Add(name);

    /// <summary>Makes a slowed disk durable again (everything it queued) and fast from now on.</summary>
    public void FlushDisk(string name)
    {
        _slowDisks.Remove(name);
        Persist(name);
        Settle();
    }

    public IReadOnlyList<ReplicationOutput> Step(string name, ReplicationInput input)
    {
        if (_down.Contains(name))
        {
            return [];
        }

        var outputs = _machines[name].Step(input);
        foreach (var output in outputs)
        {
            Outputs.Add((name, output));
            switch (output)
            {
                case Send s when !_down.Contains(s.To) && !_cuts.Contains((name, s.To)):
                    _network.Enqueue((name, s.To, s.Message));
                    break;
                case StorageWrite w:
                    _disks[name].Enqueue(w);
                    break;
            }
        }

        Persist(name);
        return outputs;
    }

    private void Persist(string name)
    {
        if (_slowDisks.Contains(name) || _down.Contains(name) || _disks[name].Queued == 0)
        {
            return;
        }

        long last = 0;
        while (_disks[name].Queued > 0)
        {
            last = _disks[name].CompleteOne();
        }

        Step(name, new Persisted(last));
    }

    /// <summary>Delivers every message in flight (and those they cause) in order.</summary>
    public void Settle()
    {
        while (_network.TryDequeue(out var m))
        {
            if (!_cuts.Contains((m.From, m.To)))
            {
                Step(m.To, new Deliver(m.Message));
            }
        }
    }

    /// <summary>Runs <paramref name="ticks"/> ticks on every running server, settling the network after each.</summary>
    public void Run(int ticks)
    {
        for (var i = 0; i < ticks; i++)
        {
            foreach (var name in _machines.Keys.Where(n => !_down.Contains(n)))
            {
                Step(name, Tick.Instance);
            }

            Settle();
        }
    }

    public string LeaderOf(string set) =>
        ServersOf(set).Single(n => !_down.Contains(n) && _machines[n].Status.Role == SetRole.Leader);

    public string PrimaryLeader() => _machines.Values.Single(m => !_down.Contains(m.Name) && m.Status.Serving).Name;

    /// <summary>Sends a publish and returns the answer once the cluster has run (null: none yet).</summary>
    public ClientResult? Publish(string at, string producer, long seq, int ticks = 20, string data = "x")
    {
        var id = new ClientRequestId("test", ++_requests);
        var bytes = System.Text.Encoding.UTF8.GetBytes(data);
        Step(at, new ClientRequest(id, new PublishCommand(new Publish("orders", producer, seq, bytes))));
        Settle();
        Run(ticks);
        return Outputs.Select(o => o.Output).OfType<ClientReply>().LastOrDefault(r => r.Id == id)?.Result;
    }

    public IEnumerable<T> Events<T>(string name) =>
        Outputs.Where(o => o.Server == name).Select(o => o.Output).OfType<Notify>().Select(n => n.Event).OfType<T>();
}
