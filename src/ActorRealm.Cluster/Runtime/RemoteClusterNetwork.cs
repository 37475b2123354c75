using ActorRealm.Actors;
using ActorRealm.Remote;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// The cluster network over the remote layer's provider: the node's address and incarnation uid,
/// quarantine of removed incarnations (their watchers get Terminated), a new incarnation through
/// <see cref="Remoting.RenewIncarnation"/>, and quarantine notices from peers (published by the
/// provider on the event stream).
/// </summary>
internal sealed class RemoteClusterNetwork : IClusterNetwork
{
    private readonly RemoteActorRefProvider _provider;

    private RemoteClusterNetwork(RemoteActorRefProvider provider, NodeAddress self)
    {
        _provider = provider;
        SelfAddress = self;
    }

    public event Action<NodeAddress, long>? QuarantinedByPeer;

    public NodeAddress SelfAddress { get; }

    public long IncarnationUid => unchecked((long)_provider.Remoting.Uid);

    /// <summary>Wraps <paramref name="provider"/> and listens for quarantine notices.</summary>
    /// <exception cref="ClusterConfigurationException">The node's host name is not lower case (the cluster compares addresses in lower case).</exception>
    public static RemoteClusterNetwork Create(RemoteActorRefProvider provider)
    {
        var address = provider.Address;
        if (address.Host is not { } host || address.Port is not { } port)
        {
            throw new ClusterConfigurationException($"The node's remote address {address} has no host and port.");
        }

        if (!string.Equals(host, host.ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw new ClusterConfigurationException(
                $"The node's host name '{host}' (actorrealm.node.host / actorrealm.remote.canonical.hostname) must be written in lower case: " +
                "host names are case-insensitive and the cluster compares addresses in lower case.");
        }

        var network = new RemoteClusterNetwork(provider, new NodeAddress(host, port));
        provider.System.SystemActorOf(Props.Create(() => new QuarantineListener(network)), "cluster-quarantine-listener");
        return network;
    }

    public void Quarantine(NodeId node, string reason) =>
        _provider.Remoting.Quarantine(new PeerIncarnation(RemoteAddress.Create(_provider.System.Name, node.Address.Host, node.Address.Port), unchecked((ulong)node.Uid)), reason);

    public Task<long> RenewIncarnationAsync(CancellationToken cancellationToken) =>
        Task.FromResult(unchecked((long)_provider.Remoting.RenewIncarnation()));

    private void OnQuarantinedByPeer(QuarantinedByPeer notice)
    {
        if (notice.Peer.Host is { } host && notice.Peer.Port is { } port)
        {
            QuarantinedByPeer?.Invoke(new NodeAddress(host, port), unchecked((long)notice.OwnUid));
        }
    }

    /// <summary>Turns the provider's <see cref="Remote.QuarantinedByPeer"/> events into the network's event.</summary>
    private sealed class QuarantineListener : ReceiveActor
    {
        public QuarantineListener(RemoteClusterNetwork network)
        {
            Receive<QuarantinedByPeer>(network.OnQuarantinedByPeer);
        }

        protected override void PreStart() => Context.System.EventStream.Subscribe<QuarantinedByPeer>(Self);
    }
}
