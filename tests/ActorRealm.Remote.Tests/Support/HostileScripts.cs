using System.Buffers;
using System.Text;
using ActorRealm.Actors;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;
using Google.Protobuf;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>What a hostile connection sends: raw chunks, how many frames they hold, and what the listener must deliver.</summary>
/// <param name="Chunks">Byte chunks written in order.</param>
/// <param name="Frames">Frames (well-formed or not) in the chunks.</param>
/// <param name="Uid">The incarnation uid of an authenticated script, else 0.</param>
/// <param name="MinDelivered">Envelopes the listener must deliver (those before the first frame that may be refused).</param>
/// <param name="MaxDelivered">Envelopes the listener may deliver at most.</param>
public sealed record HostileScript(IReadOnlyList<byte[]> Chunks, int Frames, ulong Uid, int MinDelivered, int MaxDelivered);

/// <summary>Builds random and mutated frame sequences, reproducibly from a seed.</summary>
public static class HostileScripts
{
    public static HostileScript Build(int kind, int seed, int frameCount, Address target, JoinSecret secret)
    {
        var random = new Random(seed);
        return kind switch
        {
            0 => Unauthenticated(random, frameCount, target, secret),
            _ => Authenticated(random, frameCount, target, secret, (ulong)seed + 1_000_000UL),
        };
    }

    private static HostileScript Unauthenticated(Random random, int frameCount, Address target, JoinSecret secret)
    {
        var chunks = new List<byte[]>();
        for (var i = 0; i < frameCount; i++)
        {
            chunks.Add(random.Next(9) switch
            {
                0 => Bytes(random, random.Next(1, 300)),
                1 => Mutate(random, Encode(new Frame { Handshake = Handshake(random, target, secret, validProof: true) })),
                2 => Encode(new Frame { Handshake = Handshake(random, target, new JoinSecret("not the secret " + random.Next()), validProof: true) }),
                3 => Encode(WellFormed(random)),
                4 => Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: node\r\n\r\n"),
                5 => [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03],
                6 => [0xFF, 0xFF, 0xFF, 0xF0, 1, 2, 3],
                7 => [0, 0, 0, 0],
                _ => Mutate(random, Encode(WellFormed(random))),
            });
        }

        return new HostileScript(chunks, frameCount, 0, 0, 0);
    }

    private static HostileScript Authenticated(Random random, int frameCount, Address target, JoinSecret secret, ulong uid)
    {
        var self = new PeerIncarnation(RemoteAddress.Create(target.System, "127.0.0.1", 10_000 + (int)(uid % 50_000)), uid);
        var chunks = new List<byte[]> { Encode(new Frame { Handshake = HandshakeCheck.Create(target.System, self, target, secret, acknowledgement: false) }) };
        var envelopes = 0;
        var doubtful = 0;
        var minDelivered = -1;
        for (var i = 1; i < frameCount; i++)
        {
            var roll = random.Next(100);
            if (roll < 75)
            {
                var frame = WellFormed(random);
                envelopes += frame.BodyCase is Frame.BodyOneofCase.Envelope or Frame.BodyOneofCase.Watch or Frame.BodyOneofCase.Unwatch or Frame.BodyOneofCase.DeathWatchNotification ? 1 : 0;
                chunks.Add(Encode(frame));
                continue;
            }

            // Anything else may end the connection: what came before must still have been delivered.
            minDelivered = minDelivered < 0 ? envelopes : minDelivered;
            doubtful++;
            chunks.Add(roll switch
            {
                < 85 => Mutate(random, Encode(WellFormed(random))),
                < 90 => Encode(OutOfPlace(random, target, secret)),
                < 95 => Bytes(random, random.Next(1, 64)),
                _ => [0x00, 0x50, 0x00, 0x00, 0x1A, 0x01, 0x78],

            });
        }

        return new HostileScript(chunks, frameCount, uid, minDelivered < 0 ? envelopes : minDelivered, envelopes + doubtful);
    }

    private static Frame WellFormed(Random random) => random.Next(6) switch
    {
        0 or 1 => new Frame
        {
            Envelope = new Envelope
            {
                Recipient = Text(random),
                Sender = Text(random),
                SerializerId = random.Next(-5, 50),
                Manifest = random.Next(4) == 0 ? "System.Diagnostics.Process" : Text(random),
                Payload = ByteString.CopyFrom(Bytes(random, random.Next(0, 2000))),
            },
        },
        2 => new Frame { Watch = new Watch { Watchee = Text(random), Watcher = Text(random) } },
        3 => new Frame { Unwatch = new Unwatch { Watchee = Text(random), Watcher = Text(random) } },
        4 => new Frame { DeathWatchNotification = new DeathWatchNotification { Watcher = Text(random), Actor = Text(random), ExistenceConfirmed = random.Next(2) == 0 } },
        _ => new Frame { Heartbeat = new Heartbeat { Sequence = (ulong)random.NextInt64() } },
    };

    private static Frame OutOfPlace(Random random, Address target, JoinSecret secret) => random.Next(4) switch
    {
        0 => new Frame { Handshake = Handshake(random, target, secret, validProof: true) },
        1 => new Frame { HandshakeAck = Handshake(random, target, secret, validProof: false) },
        2 => new Frame { HeartbeatRsp = new HeartbeatRsp { Sequence = 1, Uid = (ulong)random.NextInt64() } },
        _ => new Frame { Quarantined = new Quarantined { FromAddress = Text(random), ToUid = (ulong)random.NextInt64(), JoinProof = ByteString.CopyFrom(Bytes(random, 32)) } },
    };

    private static Handshake Handshake(Random random, Address target, JoinSecret secret, bool validProof)
    {
        var self = new PeerIncarnation(RemoteAddress.Create(target.System, "127.0.0.1", random.Next(1, 65535)), (ulong)random.NextInt64(1, long.MaxValue));
        var handshake = HandshakeCheck.Create(target.System, self, target, secret, acknowledgement: false);
        if (!validProof)
        {
            handshake.JoinProof = ByteString.CopyFrom(Bytes(random, 32));
        }

        return handshake;
    }

    private static byte[] Encode(Frame frame)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameCodec.Write(writer, frame);
        return writer.WrittenSpan.ToArray();
    }

    private static byte[] Mutate(Random random, byte[] frame)
    {
        var bytes = (byte[])frame.Clone();
        switch (random.Next(5))
        {
            case 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                return bytes[..random.Next(1, bytes.Length)];
            case 2:
                random.NextBytes(bytes.AsSpan(random.Next(bytes.Length)));
                return bytes;
            case 3:
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)random.Next());
                return bytes;
            default:
                return [.. bytes, .. bytes.AsSpan(random.Next(bytes.Length))];
        }
    }

    private static string Text(Random random)
    {
        var length = random.Next(0, 80);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = random.Next(10) == 0 ? (char)random.Next(0x80, 0xD7FF) : (char)random.Next(0x20, 0x7F);
        }

        return new string(chars);
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
