using System.Collections.Concurrent;
using ActorRealm.Cluster;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.Server.PersistenceServer;
using Akka.Actor;
using Akka.Event;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// One persistence server of a <see cref="RealmTestCluster"/> (ADR 0071): a name in the layout, its set and site, a
/// fixed loopback port, its own data directory, and the <see cref="PersistenceServerNode"/> of its current
/// incarnation (the node process's own start path, with the throttle adapter applied like the realm nodes).
/// </summary>
internal sealed class PersistenceTestServer(string name, string set, string site, NodeAddress address, string dataDirectory)
{
    private readonly ConcurrentQueue<LogLine> _log = new();
    private PersistenceServerNode? _node;

    public string Name { get; } = name;

    public string Set { get; } = set;

    public string Site { get; } = site;

    public NodeAddress Address { get; } = address;

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>How many times it was started.</summary>
    public int Incarnations { get; private set; }

    /// <summary>Whether an incarnation is running.</summary>
    public bool IsAlive => _node is { System.WhenTerminated.IsCompleted: false };

    public PersistenceServerNode Node => _node ?? throw new InvalidOperationException($"persistence server {Name} was never started");

    public ActorSystem System => Node.System;

    /// <summary>The last status the spec read (for the dump on failure).</summary>
    public ReplicationStatus? LastStatus { get; set; }

    /// <summary>Every log event of every incarnation, in order.</summary>
    public IReadOnlyCollection<LogLine> Log => _log;

    /// <summary>Makes <paramref name="node"/> its current incarnation and records its log.</summary>
    public void Attach(PersistenceServerNode node)
    {
        _node = node;
        Incarnations++;
        var incarnation = Incarnations;
        var recorder = ((ExtendedActorSystem)node.System).SystemActorOf(Props.Create(() => new RealmTestNode.LogRecorder(_log, incarnation, string.Empty)), "spec-log-recorder");
        node.System.EventStream.Subscribe(recorder, typeof(LogEvent));
    }

    public override string ToString() => $"{Name} ({Address}, {Set} at {Site})";
}
