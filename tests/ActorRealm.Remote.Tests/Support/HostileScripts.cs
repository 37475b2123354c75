using System.Buffers;
using System.Text;
using ActorRealm.Actors;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;
using Google.Protobuf;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>What a hostile connection sends: raw chunks written in order, and what each chunk is, for a failure report.</summary>
/// <param name="Kind">0: never authenticates properly (though a mutated handshake may survive intact); 1: authenticates, then misbehaves.</param>
/// <param name="Seed">The seed the script was built from.</param>
/// <param name="Chunks">Byte chunks written in order.</param>
/// <param name="Notes">What each chunk is.</param>
public sealed record HostileScript(int Kind, int Seed, IReadOnlyList<byte[]> Chunks, IReadOnlyList<string> Notes)
{
    /// <summary>Frames (well-formed or not) in the chunks: one per chunk.</summary>
    public int Frames => Chunks.Count;

    /// <summary>The whole byte stream.</summary>
    public byte[] Bytes() => [.. Chunks.SelectMany(c => c)];

    public override string ToString() =>
        $"script (kind {Kind}, seed {Seed}, count {Chunks.Count}):{Environment.NewLine}" +
        string.Join(Environment.NewLine, Notes.Select((n, i) => $"  #{i} {Chunks[i].Length}B {n}"));
}

/// <summary>Builds random and mutated frame sequences, reproducibly from a seed.</summary>
public static class HostileScripts
{
    /// <summary>
    /// The host every scripted peer claims. It is nobody's real address, so a script can never impersonate
    /// (and so quarantine) a real node of the test, such as the bystander. The one exception is a kind-0
    /// handshake that claims the target's own address, which the target must refuse.
    /// </summary>
    public const string HostileHost = "hostile.invalid";

    public static HostileScript Build(int kind, int seed, int frameCount, Address target, JoinSecret secret)
    {
        var random = new Random(seed);
        var script = new Script();
        if (kind == 0)
        {
            Unauthenticated(script, random, frameCount, target, secret);
        }
        else
        {
            Authenticated(script, random, frameCount, target, secret, (ulong)seed + 1_000_000UL);
        }

        return new HostileScript(kind, seed, script.Chunks, script.Notes);
    }

    private static void Unauthenticated(Script script, Random random, int frameCount, Address target, JoinSecret secret)
    {
        for (var i = 0; i < frameCount; i++)
        {
            switch (random.Next(10))
            {
                case 0:
                    script.Add(Bytes(random, random.Next(1, 300)), "random bytes");
                    break;
                case 1:
                    script.Mutated(random, new Frame { Handshake = Handshake(random, target, secret, validProof: true) });
                    break;
                case 2:
                    script.Add(Encode(new Frame { Handshake = Handshake(random, target, new JoinSecret("not the secret " + random.Next()), validProof: true) }), "handshake with a wrong join secret");
                    break;
                case 3:
                    script.Add(WellFormed(random));
                    break;
                case 4:
                    script.Add(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: node\r\n\r\n"), "HTTP request");
                    break;
                case 5:
                    script.Add([0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03], "TLS ClientHello start");
                    break;
                case 6:
                    script.Add([0xFF, 0xFF, 0xFF, 0xF0, 1, 2, 3], "huge length prefix");
                    break;
                case 7:
                    script.Add([0, 0, 0, 0], "zero length prefix");
                    break;
                case 8:
                    var impersonation = new PeerIncarnation(target, (ulong)random.NextInt64(1, long.MaxValue));
                    script.Add(Encode(new Frame { Handshake = HandshakeCheck.Create(target.System, impersonation, target, secret, acknowledgement: false) }), "handshake with the join secret, claiming the target's own address");
                    break;
                default:
                    script.Mutated(random, WellFormed(random));
                    break;
            }
        }
    }

    private static void Authenticated(Script script, Random random, int frameCount, Address target, JoinSecret secret, ulong uid)
    {
        var self = new PeerIncarnation(RemoteAddress.Create(target.System, HostileHost, 10_000 + (int)(uid % 50_000)), uid);
        script.Add(Encode(new Frame { Handshake = HandshakeCheck.Create(target.System, self, target, secret, acknowledgement: false) }), $"valid handshake as uid {uid}");
        for (var i = 1; i < frameCount; i++)
        {
            var roll = random.Next(100);
            switch (roll)
            {
                case < 75:
                    script.Add(WellFormed(random));
                    break;
                case < 85:
                    script.Mutated(random, WellFormed(random));
                    break;
                case < 90:
                    script.Add(OutOfPlace(random, target, secret));
                    break;
                case < 95:
                    script.Add(Bytes(random, random.Next(1, 64)), "random bytes");
                    break;
                default:
                    script.Add([0x00, 0x50, 0x00, 0x00, 0x1A, 0x01, 0x78], "5 MiB length prefix");
                    break;
            }
        }
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
        var self = new PeerIncarnation(RemoteAddress.Create(target.System, HostileHost, random.Next(1, 65535)), (ulong)random.NextInt64(1, long.MaxValue));
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

    private static (byte[] Bytes, string How) Mutate(Random random, byte[] frame)
    {
        var bytes = (byte[])frame.Clone();
        switch (random.Next(5))
        {
            case 0:
                var at = random.Next(bytes.Length);
                var bit = random.Next(8);
                bytes[at] ^= (byte)(1 << bit);
                return (bytes, $"bit {bit} of byte {at} flipped");
            case 1:
                var keep = random.Next(1, bytes.Length);
                return (bytes[..keep], $"truncated to {keep} of {bytes.Length} bytes");
            case 2:
                var from = random.Next(bytes.Length);
                random.NextBytes(bytes.AsSpan(from));
                return (bytes, $"randomised from byte {from}");
            case 3:
                var length = (uint)random.Next();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
                return (bytes, $"length prefix replaced by {length}");
            default:
                // A suffix from offset 0 is a whole second copy of the frame: two valid frames in one chunk.
                var suffix = random.Next(bytes.Length);
                return ([.. bytes, .. bytes.AsSpan(suffix)], $"followed by its own bytes from offset {suffix}");
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

    private sealed class Script
    {
        public List<byte[]> Chunks { get; } = [];

        public List<string> Notes { get; } = [];

        public void Add(byte[] chunk, string note)
        {
            Chunks.Add(chunk);
            Notes.Add(note);
        }

        public void Add(Frame frame) => Add(Encode(frame), frame.BodyCase.ToString());

        public void Mutated(Random random, Frame frame)
        {
            var (bytes, how) = Mutate(random, Encode(frame));
            Add(bytes, $"{frame.BodyCase}, {how}");
        }
    }
}
