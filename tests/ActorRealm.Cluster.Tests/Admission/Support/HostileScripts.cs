using System.Buffers.Binary;
using System.Text;

namespace ActorRealm.Cluster.Tests.Admission.Support;

/// <summary>What one hostile connection sends: raw chunks written in order, and what each is, for a failure report.</summary>
public sealed record HostileScript(int Seed, IReadOnlyList<byte[]> Chunks, IReadOnlyList<string> Notes)
{
    public override string ToString() =>
        $"script (seed {Seed}, {Chunks.Count} chunks):{Environment.NewLine}" +
        string.Join(Environment.NewLine, Notes.Select((n, i) => $"  #{i} {Chunks[i].Length}B {n}"));
}

/// <summary>
/// Builds random and mutated Akka.Remote frame sequences, reproducibly from a seed. Most scripts open
/// with a well-formed association handshake (so that what follows reaches Akka's decoder rather than
/// stopping at the first check) and then send well-formed, mutated and random frames. No frame is a
/// message the inbox could accept: payloads for it use serializers a realm node refuses (JSON naming a
/// tripwire type, remote deployment) or garbage under long random manifests.
/// </summary>
public static class HostileScripts
{
    /// <summary>
    /// Akka's serializer ids (JSON, protobuf, DaemonMsgCreate, containers, misc, system messages) and some
    /// that do not exist. Not bytes (4), which hands over any payload as a byte array, nor primitives (17),
    /// which a short manifest turns into a string: those deliver by design.
    /// </summary>
    private static readonly int[] SerializerIds = [1, 1, 1, 2, 3, 3, 6, 16, 22, 0, -1, 99, 7301];

    public static HostileScript Build(int seed, int chunkCount, Akka.Actor.Address target, string tripwireManifest)
    {
        var random = new Random(seed);
        var script = new Script();
        if (random.Next(10) > 0)
        {
            var origin = new Akka.Actor.Address(target.Protocol, target.System, "127.0.0.1", random.Next(1, 1000));
            var associate = AkkaWire.Frame(AkkaWire.AssociatePdu(origin, (ulong)random.NextInt64(1, long.MaxValue)));
            if (random.Next(6) == 0)
            {
                script.Mutated(random, associate, "associate");
            }
            else
            {
                script.Add(associate, $"associate as {origin}");
            }
        }

        while (script.Chunks.Count < chunkCount)
        {
            // Mostly frames Akka decodes and then refuses, so that scripts get deep; a few that end the association.
            var (frame, what) = WellFormed(random, target, tripwireManifest);
            switch (random.Next(50))
            {
                case < 40:
                    script.Add(frame, what);
                    break;
                case < 46:
                    script.Mutated(random, frame, what);
                    break;
                case 46:
                    script.Add(Bytes(random, random.Next(1, 300)), "random bytes");
                    break;
                case 47:
                    script.Add(random.Next(2) == 0 ? Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: node\r\n\r\n") : [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03], "HTTP request or TLS ClientHello start");
                    break;
                case 48:
                    script.Add(AkkaWire.Frame(AkkaWire.Control(random.Next(0, 7))), "control command");
                    break;
                default:
                    script.Add(random.Next(3) switch { 0 => [0xF0, 0xFF, 0xFF, 0x7F, 1, 2, 3], 1 => [0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3], _ => [0, 0, 0, 0] }, "length prefix of 2 GiB, negative or zero");
                    break;
            }
        }

        return new HostileScript(seed, script.Chunks, script.Notes);
    }

    private static (byte[] Frame, string What) WellFormed(Random random, Akka.Actor.Address target, string tripwireManifest)
    {
        var inbox = $"{target}/user/inbox";
        switch (random.Next(8))
        {
            case 0:
                return (AkkaWire.Frame(AkkaWire.Control(AkkaWire.Heartbeat)), "heartbeat");
            case 1:
            case 2:
                return (AkkaWire.Frame(AkkaWire.PayloadPdu(inbox, 1, tripwireManifest, "{}"u8.ToArray())), "JSON naming the tripwire, for the inbox");
            case 3:
                return (AkkaWire.Frame(AkkaWire.PayloadPdu(inbox, 3, "Akka.Remote.DaemonMsgCreate, Akka.Remote", Bytes(random, random.Next(0, 200)))), "remote deployment");
            case 4:
                var path = random.Next(2) == 0 ? $"{target}/{Text(random, 1, 60)}" : Text(random, 0, 80);
                return (AkkaWire.Frame(AkkaWire.PayloadPdu(path, Id(random), Text(random, 12, 60), Bytes(random, random.Next(0, 500)))), "payload for a random path");
            case 5:
                // Small sequence numbers only: Akka.Remote lists every number missing before a buffered system
                // message, so one far ahead (2^62) makes the node allocate without bound (docs/remote.md, "Known limits").
                var seq = (ulong)random.Next(0, 1000);
                return (AkkaWire.Frame(AkkaWire.PayloadPdu(inbox, Id(random), Text(random, 12, 60), Bytes(random, random.Next(0, 500)), seq: seq)), $"system-message path, seq {seq}");
            default:
                var sender = random.Next(2) == 0 ? null : $"{target.Protocol}://{target.System}@127.0.0.1:{random.Next(1, 1000)}/user/{Text(random, 1, 20)}";
                return (AkkaWire.Frame(AkkaWire.PayloadPdu(inbox, Id(random), Text(random, 12, 60), Bytes(random, random.Next(0, 2000)), sender)), "garbage for the inbox");
        }
    }

    private static int Id(Random random) => SerializerIds[random.Next(SerializerIds.Length)];

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
                var length = random.Next();
                BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
                return (bytes, $"length prefix replaced by {length}");
            default:
                var suffix = random.Next(bytes.Length);
                return ([.. bytes, .. bytes.AsSpan(suffix)], $"followed by its own bytes from offset {suffix}");
        }
    }

    /// <summary>Printable text, sometimes with non-ASCII characters; at least <paramref name="min"/> characters.</summary>
    private static string Text(Random random, int min, int max)
    {
        var chars = new char[random.Next(min, max)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(10) == 0 ? (char)random.Next(0x80, 0xD7FF) : (char)random.Next(0x21, 0x7F);
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

        public void Mutated(Random random, byte[] frame, string what)
        {
            var (bytes, how) = Mutate(random, frame);
            Add(bytes, $"{what}, {how}");
        }
    }
}
