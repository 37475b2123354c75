using ActorRealm.Actors;
using ActorRealm.Cluster;
using ActorRealm.Remote;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>One node of a spec: its current incarnation's system, cluster extension and provider.</summary>
internal sealed class SimNode(string name, string site, NodeAddress address, string dataDirectory)
{
    public string Name { get; } = name;

    public string Site { get; } = site;

    public NodeAddress Address { get; } = address;

    /// <summary>Survives restarts, like a node's disk.</summary>
    public string DataDirectory { get; } = dataDirectory;

    public ActorSystem System { get; private set; } = null!;

    public Cluster.Cluster Cluster { get; private set; } = null!;

    public RemoteActorRefProvider Provider { get; private set; } = null!;

    /// <summary>Completes when a killed incarnation's transport is gone (its port is free again).</summary>
    public Task TransportStopped { get; private set; } = Task.CompletedTask;

    public LogCapture Logs { get; private set; } = null!;

    /// <summary>False between a kill and a restart.</summary>
    public bool IsAlive { get; private set; }

    /// <summary>Set when the spec stops the node gracefully (its links stay up while it leaves).</summary>
    public bool IsStopping { get; private set; }

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    public ClusterStatus Status => Cluster.CurrentStatus;

    public void Started(ActorSystem system, Cluster.Cluster cluster, RemoteActorRefProvider provider, LogCapture logs)
    {
        System = system;
        Cluster = cluster;
        Provider = provider;
        Logs = logs;
        IsAlive = true;
        IsStopping = false;
        Starts++;
    }

    public void Killed(Task transportStopped)
    {
        IsAlive = false;
        TransportStopped = transportStopped;
    }

    public void Stopping() => IsStopping = true;

    public override string ToString() => $"{Name} ({Address})";
}
