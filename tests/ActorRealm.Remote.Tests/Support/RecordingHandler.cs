using System.Collections.Concurrent;
using ActorRealm.Actors;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>Records what a <see cref="Remoting"/> endpoint hands up, for tests to await and inspect.</summary>
public sealed class RecordingHandler : IRemotingHandler
{
    private readonly ConcurrentQueue<(PeerIncarnation From, Frame Frame)> _frames = new();
    private readonly ConcurrentQueue<(PeerIncarnation Peer, string Reason)> _gone = new();
    private readonly ConcurrentQueue<PeerIncarnation> _unreachable = new();
    private readonly ConcurrentQueue<(Address To, Frame Frame, string Reason)> _undelivered = new();
    private readonly ConcurrentQueue<PeerIncarnation> _quarantinedBy = new();

    public IReadOnlyList<(PeerIncarnation From, Frame Frame)> Frames => [.. _frames];

    public IReadOnlyList<Envelope> Envelopes => [.. _frames.Where(f => f.Frame.BodyCase == Frame.BodyOneofCase.Envelope).Select(f => f.Frame.Envelope)];

    public IReadOnlyList<(PeerIncarnation Peer, string Reason)> Gone => [.. _gone];

    public IReadOnlyList<PeerIncarnation> Unreachable => [.. _unreachable];

    public IReadOnlyList<(Address To, Frame Frame, string Reason)> Undelivered => [.. _undelivered];

    public IReadOnlyList<PeerIncarnation> QuarantinedBy => [.. _quarantinedBy];

    public int EnvelopeCount => _frames.Count;

    public void OnFrame(PeerIncarnation from, Frame frame) => _frames.Enqueue((from, frame));

    public void OnIncarnationGone(PeerIncarnation peer, string reason) => _gone.Enqueue((peer, reason));

    public void OnUnreachable(PeerIncarnation peer, TimeSpan silentFor) => _unreachable.Enqueue(peer);

    public void OnUndelivered(Address recipient, IReadOnlyList<Frame> frames, string reason)
    {
        foreach (var frame in frames)
        {
            _undelivered.Enqueue((recipient, frame, reason));
        }
    }

    public void OnQuarantinedByPeer(PeerIncarnation peer) => _quarantinedBy.Enqueue(peer);
}
