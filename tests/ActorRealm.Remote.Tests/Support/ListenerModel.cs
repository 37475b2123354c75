using System.Buffers;
using ActorRealm.Actors;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>What a correct listener hands up for one connection's byte stream, and why it stops there.</summary>
/// <param name="Peer">The incarnation the stream authenticated as, or null.</param>
/// <param name="Frames">The frames it must deliver, in order.</param>
/// <param name="Stop">Why the listener stops reading (the first protocol violation, or the end of the stream).</param>
public sealed record ListenerExpectation(PeerIncarnation? Peer, IReadOnlyList<Frame> Frames, string Stop);

/// <summary>
/// The listener's contract as a model, the oracle of the hostile-input property: the first frame must be a
/// valid handshake (at most 16 KiB; valid as <see cref="HandshakeCheck"/> decides, so also from another
/// address than the target's own); after it, every envelope, watch, unwatch and death-watch notification is
/// delivered in order and heartbeats are answered, up to the first frame that breaks the protocol (bad
/// framing, an unparsable body, an undefined path reference, an out-of-place frame). That frame closes the
/// connection: nothing before it is lost, nothing from it on is delivered. The byte stream decides; how it
/// was cut into chunks does not.
/// </summary>
public static class ListenerModel
{
    public static ListenerExpectation Expect(HostileScript script, Address target, JoinSecret secret, int maximumFrameSize)
    {
        var stream = new ReadOnlySequence<byte>(script.Bytes());
        var paths = new Dictionary<uint, string>();
        var delivered = new List<Frame>();
        PeerIncarnation? peer = null;
        while (true)
        {
            var limit = peer is null ? FrameCodec.HandshakeFrameLimit : maximumFrameSize;
            var status = FrameCodec.TryRead(ref stream, limit, out var payload, out var declared);
            if (status != FrameReadStatus.Complete)
            {
                var stop = status == FrameReadStatus.Incomplete && stream.Length == 0 ? "end of stream" : $"{status} frame (prefix {declared}, {stream.Length} bytes left)";
                return new ListenerExpectation(peer, delivered, stop);
            }

            var frame = WireFrames.TryParse(payload, out var error);
            if (frame is null)
            {
                return new ListenerExpectation(peer, delivered, error!);
            }

            if (peer is null)
            {
                peer = frame.BodyCase == Frame.BodyOneofCase.Handshake
                    ? HandshakeCheck.Validate(frame.Handshake, acknowledgement: false, target.System, target, expectedFrom: null, secret, out error)
                    : null;
                if (peer is null)
                {
                    return new ListenerExpectation(null, delivered, error ?? $"first frame {frame.BodyCase}");
                }

                continue;
            }

            switch (frame.BodyCase)
            {
                case Frame.BodyOneofCase.Envelope when !Expand(frame.Envelope, paths):
                    return new ListenerExpectation(peer, delivered, "undefined path reference");
                case Frame.BodyOneofCase.Envelope or Frame.BodyOneofCase.Watch or Frame.BodyOneofCase.Unwatch or Frame.BodyOneofCase.DeathWatchNotification:
                    delivered.Add(frame);
                    break;
                case Frame.BodyOneofCase.Heartbeat:
                    break;
                default:
                    return new ListenerExpectation(peer, delivered, $"out-of-place {frame.BodyCase}");
            }
        }
    }

    /// <summary>The path-reference rules of <c>remote.proto</c>: a path with a reference defines it; a bare reference must be defined.</summary>
    private static bool Expand(Envelope envelope, Dictionary<uint, string> paths)
    {
        var recipient = Resolve(envelope.Recipient, envelope.RecipientRef, paths);
        var sender = Resolve(envelope.Sender, envelope.SenderRef, paths);
        if (recipient is null || sender is null)
        {
            return false;
        }

        envelope.Recipient = recipient;
        envelope.Sender = sender;
        return true;
    }

    private static string? Resolve(string path, uint reference, Dictionary<uint, string> paths)
    {
        if (reference == 0)
        {
            return path;
        }

        if (reference > 1024)
        {
            return null;
        }

        if (path.Length > 0)
        {
            paths[reference] = path;
            return path;
        }

        return paths.GetValueOrDefault(reference);
    }
}
