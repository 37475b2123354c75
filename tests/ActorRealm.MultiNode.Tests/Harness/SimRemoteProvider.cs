using ActorRealm.Actors;
using ActorRealm.Cluster;
using ActorRealm.Cluster.Serialization;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;
using Google.Protobuf;
using IRemotingHandler = ActorRealm.Remote.IRemotingHandler;
using PeerIncarnation = ActorRealm.Remote.PeerIncarnation;
using RemoteNodeAddress = ActorRealm.Remote.NodeAddress;
using Remoting = ActorRealm.Remote.Remoting;
using RemotingOptions = ActorRealm.Remote.RemotingOptions;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// A remote actor-ref provider for the specs, built on the remote module's <see cref="Remoting"/>
/// endpoint (handshake with incarnation uids, quarantine and its notices) over the in-memory
/// transport with fault injection, on the simulation's executor and virtual clock. Paths on other
/// nodes resolve to refs that serialize the cluster protocol into remote envelopes. It also offers
/// the <see cref="IClusterNetwork"/> the cluster needs (quarantine, new incarnation).
/// </summary>
internal sealed class SimRemoteProvider : IActorRefProvider, IClusterNetwork
{
    private readonly ActorSystem _system;
    private readonly LocalActorRefProvider _local;
    private readonly SimNetwork _network;
    private readonly Random _uids;
    private Remoting _remoting;

    public SimRemoteProvider(ActorSystem system, LocalActorRefProvider local, SimNetwork network, NodeAddress self, int seed)
    {
        _system = system;
        _local = local;
        _network = network;
        _uids = new Random(seed);
        SelfAddress = self;
        Address = new Address(Address.RealmProtocol, system.Name, self.Host, self.Port);
        _remoting = StartRemoting(NextUid());
    }

    public event Action<NodeAddress, long>? QuarantinedByPeer;

    public Address Address { get; }

    public NodeAddress SelfAddress { get; }

    public long IncarnationUid => (long)Volatile.Read(ref _remoting).Uid;

    /// <summary>Set once the node is killed: nothing is sent any more.</summary>
    public bool IsStopped { get; private set; }

    public IActorRef ResolveActorRef(ActorPath path) =>
        _local.IsLocalAddress(path.Address) ? _local.ResolveActorRef(path) : new RemoteRef(this, path);

    public void Quarantine(NodeId node, string reason) =>
        Volatile.Read(ref _remoting).Quarantine(new PeerIncarnation(RemoteAddressOf(node.Address), (ulong)node.Uid), reason);

    public async Task<long> RenewIncarnationAsync(CancellationToken cancellationToken)
    {
        var old = Volatile.Read(ref _remoting);
        await old.DisposeAsync().ConfigureAwait(true);
        var renewed = StartRemoting(NextUid());
        Volatile.Write(ref _remoting, renewed);
        return (long)renewed.Uid;
    }

    /// <summary>Drops the transport (a crashed process's sockets close).</summary>
    public ValueTask StopAsync()
    {
        IsStopped = true;
        return Volatile.Read(ref _remoting).DisposeAsync();
    }

    private void OnFrame(PeerIncarnation from, Frame frame)
    {
        if (frame.BodyCase != Frame.BodyOneofCase.Envelope || IsStopped)
        {
            return;
        }

        var envelope = frame.Envelope;
        object message;
        try
        {
            message = envelope.SerializerId == ClusterSerializer.SerializerId
                ? ClusterSerializer.FromBinary(envelope.Manifest, envelope.Payload.Span)
                : throw new InvalidDataException($"serializer {envelope.SerializerId} is not registered");
        }
        catch (InvalidDataException e)
        {
            _network.Log(SelfAddress, $"dropping a message from {from}: {e.Message}");
            return;
        }

        if (!ActorPath.TryParse(envelope.Recipient, out var recipient))
        {
            return;
        }

        IActorRef sender = envelope.Sender.Length > 0 && ActorPath.TryParse(envelope.Sender, out var senderPath)
            ? ResolveActorRef(senderPath)
            : ActorRef.NoSender;
        _local.ResolveActorRef(recipient).Tell(message, sender);
    }

    private void Send(ActorPath recipient, object message, IActorRef? sender)
    {
        if (IsStopped || !ClusterSerializer.Handles(message) || recipient.Address.Host is null || recipient.Address.Port is null)
        {
            return;
        }

        var envelope = new Envelope
        {
            Recipient = recipient.ToSerializationFormat(),
            Sender = sender?.Path.ToSerializationFormat() ?? string.Empty,
            SerializerId = ClusterSerializer.SerializerId,
            Manifest = ClusterSerializer.Manifest(message),
            Payload = ByteString.CopyFrom(ClusterSerializer.ToBinary(message)),
        };
        Volatile.Read(ref _remoting).Send(new RemoteNodeAddress(_system.Name, recipient.Address.Host, recipient.Address.Port.Value), new Frame { Envelope = envelope });
    }

    private RemoteNodeAddress RemoteAddressOf(NodeAddress address) => new(_system.Name, address.Host, address.Port);

    private Remoting StartRemoting(ulong uid)
    {
        var settings = SimNetwork.RemoteSettings(SelfAddress);
        ITransport transport = _network.Faults.Wrap(_network.Network.CreateTransport(settings.Transport), settings.BindEndpoint);
        var remoting = new Remoting(new RemotingOptions
        {
            Realm = _system.Name,
            Settings = settings,
            Transport = transport,
            Handler = new Endpoint(this, uid),
            Time = _network.Network.Time,
            LoggerFactory = _system.LoggerFactory,
            Random = new Random(_uids.Next()),
            Uid = uid,
        });
        var start = remoting.StartAsync();
        if (!start.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException($"The in-memory start of {SelfAddress} did not complete synchronously: {start.Exception?.Message}");
        }

        return remoting;
    }

    private ulong NextUid()
    {
        ulong uid;
        do
        {
            uid = (ulong)_uids.NextInt64(1, long.MaxValue);
        }
        while (uid == 0);
        return uid;
    }

    /// <summary>The remoting handler of one incarnation: it knows which uid a quarantine notice was for.</summary>
    private sealed class Endpoint(SimRemoteProvider provider, ulong uid) : IRemotingHandler
    {
        public void OnFrame(PeerIncarnation from, Frame frame) => provider.OnFrame(from, frame);

        public void OnIncarnationGone(PeerIncarnation peer, string reason)
        {
        }

        public void OnUnreachable(PeerIncarnation peer, TimeSpan silentFor)
        {
        }

        public void OnUndelivered(RemoteNodeAddress recipient, IReadOnlyList<Frame> frames, string reason)
        {
        }

        public void OnQuarantinedByPeer(PeerIncarnation peer) =>
            provider.QuarantinedByPeer?.Invoke(new NodeAddress(peer.Address.Host, peer.Address.Port), (long)uid);
    }

    /// <summary>A ref to an actor on another node.</summary>
    private sealed class RemoteRef(SimRemoteProvider provider, ActorPath path) : ActorRefBase
    {
        public override ActorPath Path => path;

        public override void Tell(object message, IActorRef? sender = null) =>
            provider.Send(path, message, ActorRef.ResolveSender(sender));
    }
}
