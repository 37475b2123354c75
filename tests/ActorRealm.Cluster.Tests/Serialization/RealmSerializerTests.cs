using System.Runtime.Serialization;
using ActorRealm.Cluster.Joining;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Serialization;
using ActorRealm.Cluster.Serialization.Wire;
using Akka.Actor;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;

namespace ActorRealm.Cluster.Tests.Serialization;

/// <summary>
/// The wire format of the realm's own messages, through Akka's serialization with the bindings of the
/// module's reference.conf: every message round-trips exactly; unknown manifests and malformed bytes
/// are a <see cref="SerializationException"/> and nothing else.
/// </summary>
public sealed class RealmSerializerTests : IClassFixture<RealmSerializerTests.LocalSystem>
{
    private static readonly Type[] MessageTypes = [typeof(PrimeAdvert), typeof(PrimeStoreRequest), typeof(PrimeStoreAck), typeof(ProbeRequest), typeof(ProbeReply)];
    private static readonly string[] Known = ["PA", "PSQ", "PSA", "PRQ", "PRA"];
    private readonly Akka.Serialization.Serialization _serialization;

    public RealmSerializerTests(LocalSystem fixture) => _serialization = fixture.System.Serialization;

    private RealmSerializer Serializer => (RealmSerializer)_serialization.FindSerializerForType(typeof(PrimeAdvert));

    [Fact]
    public void Every_realm_message_type_is_bound_to_the_realm_serializer_by_the_shipped_reference()
    {
        Assert.All(MessageTypes, t => Assert.IsType<RealmSerializer>(_serialization.FindSerializerForType(t)));
        Assert.Equal(RealmSerializer.Id, Serializer.Identifier);
        Assert.All(MessageTypes, t => Assert.True(typeof(IRealmMessage).IsAssignableFrom(t), t.Name));
        Assert.DoesNotContain(typeof(IRealmMessage).Assembly.GetTypes(), t => typeof(IRealmMessage).IsAssignableFrom(t) && t.IsClass && !MessageTypes.Contains(t));
    }

    [Fact]
    public void Every_message_round_trips_exactly() =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Messages.ToArbitrary(), message =>
        {
            var copy = RoundTrip(message);
            AssertSame(message, copy);
        }));

    [Fact]
    public void The_switch_time_survives_to_the_tick_whatever_its_offset()
    {
        var at = new DateTimeOffset(2031, 7, 8, 9, 10, 11, TimeSpan.FromHours(5.5)).AddTicks(1234567);
        var state = new PrimeState("dr", 3, "ops via dr-1 (10.0.2.1:25520)", at, Guid.NewGuid());

        var copy = (PrimeAdvert)RoundTrip(new PrimeAdvert(new NodeId(new NodeAddress("dr-1", 25520), 42), state));

        Assert.Equal(at.UtcTicks, copy.State.SwitchedAt.UtcTicks);
        Assert.Equal(0, copy.State.SwitchedAt.CompareTo(at));
        Assert.Equal(state, copy.State);
        Assert.Equal(0, state.CompareTo(copy.State));
    }

    [Fact]
    public void Manifests_are_short_fixed_codes_that_never_name_a_type()
    {
        var manifests = Messages.Sample(200).Select(m => (Type: m.GetType(), Manifest: Serializer.Manifest(m))).Distinct().ToList();

        Assert.Equal(MessageTypes.Length, manifests.Count);
        Assert.Equal(Known.Order(), manifests.Select(m => m.Manifest).Order());
        Assert.All(manifests, m => Assert.Matches("^[A-Z]{2,3}$", m.Manifest));
        Assert.Throws<ArgumentException>(() => Serializer.Manifest("not a realm message"));
        Assert.Throws<ArgumentException>(() => Serializer.ToBinary("not a realm message"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pa")]
    [InlineData("PA ")]
    [InlineData("ActorRealm.Cluster.Prime.PrimeAdvert, ActorRealm.Cluster")]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    public void A_type_name_or_any_unknown_manifest_is_refused(string manifest)
    {
        var bytes = Serializer.ToBinary(Messages.Sample(1).Single());

        var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, manifest));
        Assert.Contains($"Unknown ActorRealm manifest '{manifest}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_manifests_are_refused_with_a_serialization_exception_only() =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Text(0, 40).ToArbitrary(), manifest =>
            Known.Contains(manifest) || Refused(() => Serializer.FromBinary([], manifest))));

    [Fact]
    public void Random_bytes_under_every_manifest_give_that_message_or_a_serialization_exception_only() =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(1500), Prop.ForAll(RandomBytes.ToArbitrary(), Gen.Elements(Known).ToArbitrary(), (bytes, manifest) =>
            ParsesAsItsTypeOrIsRefused(bytes, manifest)));

    [Fact]
    public void Truncated_and_bit_flipped_messages_give_that_message_or_a_serialization_exception_only()
    {
        var damaged = from message in Messages
                      from cut in Gen.Choose(0, 1000)
                      from flip in Gen.Choose(0, 8000)
                      select (Message: message, Cut: cut, Flip: flip);
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(damaged.ToArbitrary(), d =>
        {
            var bytes = Serializer.ToBinary(d.Message);
            var manifest = Serializer.Manifest(d.Message);
            var truncated = bytes[..Math.Min(bytes.Length, d.Cut % (bytes.Length + 1))];
            var flipped = (byte[])bytes.Clone();
            flipped[d.Flip / 8 % flipped.Length] ^= (byte)(1 << (d.Flip % 8));
            return ParsesAsItsTypeOrIsRefused(truncated, manifest) && ParsesAsItsTypeOrIsRefused(flipped, manifest);
        }));
    }

    [Fact]
    public void Well_formed_protobuf_with_values_a_node_cannot_hold_is_refused_naming_the_manifest()
    {
        var node = new NodeIdProto { Host = "dr-1", Port = 25520, Uid = 7 };
        var state = new PrimeStateProto { Site = "dr", Epoch = 1, SwitchedBy = "ops", SwitchedAtUtcTicks = 1, SwitchId = ByteString.CopyFrom(new byte[16]) };
        var cases = new (string Manifest, IMessage Message, string Why)[]
        {
            ("PA", new PrimeAdvertProto { State = state }, "field 'from' is missing"),
            ("PA", new PrimeAdvertProto { From = node }, "field 'state' is missing"),
            ("PA", new PrimeAdvertProto { From = new NodeIdProto { Host = "dr-1", Port = 0 }, State = state }, "Port 0"),
            ("PA", new PrimeAdvertProto { From = new NodeIdProto { Host = " ", Port = 1 }, State = state }, "host"),
            ("PA", new PrimeAdvertProto { From = node, State = new PrimeStateProto(state) { Site = string.Empty } }, "a prime state needs a site"),
            ("PSQ", new PrimeStoreRequestProto { From = node, State = new PrimeStateProto(state) { Epoch = -1 } }, "non-negative epoch"),
            ("PSQ", new PrimeStoreRequestProto { From = node, State = new PrimeStateProto(state) { SwitchedAtUtcTicks = -1 } }, "Ticks"),
            ("PSQ", new PrimeStoreRequestProto { From = node, State = new PrimeStateProto(state) { SwitchedAtUtcTicks = long.MaxValue } }, "Ticks"),
            ("PSA", new PrimeStoreAckProto { From = node, Current = state, SwitchId = ByteString.CopyFrom(1, 2, 3) }, "a switch id has 16 bytes, not 3"),
            ("PSA", new PrimeStoreAckProto { From = node, SwitchId = ByteString.CopyFrom(new byte[16]) }, "field 'current' is missing"),
            ("PRQ", new ProbeRequestProto(), "field 'side' is missing"),
            ("PRA", new ProbeReplyProto { Side = new ClusterSideProto { Realm = "realm", Node = node, Prime = state, Members = { new SideMemberProto { Node = node, Status = 99 } } } }, "unknown member status 99"),
            ("PRA", new ProbeReplyProto { Side = new ClusterSideProto { Realm = "realm", Node = node, Prime = state, Members = { new SideMemberProto { Status = 1 } } } }, "field 'member' is missing"),
            ("PRA", new ProbeReplyProto { Side = new ClusterSideProto { Realm = "realm", Node = node } }, "field 'prime' is missing"),
        };

        foreach (var (manifest, message, why) in cases)
        {
            var bytes = message.ToByteArray();
            var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, manifest));
            Assert.StartsWith($"A malformed ActorRealm message (manifest '{manifest}', {bytes.Length} bytes) was dropped: ", error.Message, StringComparison.Ordinal);
            Assert.Contains(why, error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static Gen<byte[]> RandomBytes =>
        from length in Gen.Choose(0, 300)
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
        select bytes;

    private static Gen<object> Messages =>
        Gen.OneOf(
            from sender in Nodes from state in PrimeStates select (object)new PrimeAdvert(sender, state),
            from sender in Nodes from state in PrimeStates select (object)new PrimeStoreRequest(sender, state),
            from sender in Nodes from id in Guids from stored in Gen.Elements(true, false) from current in PrimeStates from error in Text(0, 60)
            select (object)new PrimeStoreAck(sender, id, stored, current, error),
            from side in Sides select (object)new ProbeRequest(side),
            from side in Sides select (object)new ProbeReply(side));

    private static Gen<RealmSide> Sides =>
        from realm in Text(0, 20)
        from node in Nodes
        from formed in Gen.Elements(true, false)
        from quorum in Gen.Elements(true, false)
        from prime in PrimeStates
        from count in Gen.Choose(0, 6)
        from members in (from m in Nodes from s in Gen.Elements(Enum.GetValues<MemberStatus>()) select new SideMember(m, s)).ArrayOf(count)
        from firstSeed in Gen.Elements(true, false)
        select new RealmSide(realm, node, formed, quorum, prime, [.. members], firstSeed);

    private static Gen<NodeId> Nodes =>
        from host in Gen.Elements("127.0.0.1", "main-1", "dr-2.example.org", "::1", "fe80::1%eth0", "xn--bcher-kva.example")
        from port in Gen.Choose(1, 65535)
        from uid in Longs
        select new NodeId(new NodeAddress(host, port), uid);

    private static Gen<PrimeState> PrimeStates =>
        from site in Gen.Elements("main", "dr", "site_3", "Zürich")
        from epoch in Gen.OneOf(Gen.Choose(0, 10).Select(e => (long)e), Longs.Select(l => l & long.MaxValue))
        from who in Text(0, 80)
        from ticks in Longs.Select(l => (l & long.MaxValue) % (DateTimeOffset.MaxValue.UtcTicks - (2 * TimeSpan.TicksPerDay)) + TimeSpan.TicksPerDay)
        from offsetMinutes in Gen.Choose(-14 * 60, 14 * 60)
        from id in Gen.OneOf(Gen.Constant(Guid.Empty), Guids)
        select new PrimeState(site, epoch, who, new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes)), id);

    private static Gen<long> Longs => from hi in Gen.Choose(int.MinValue, int.MaxValue) from lo in Gen.Choose(int.MinValue, int.MaxValue) select ((long)hi << 32) | (uint)lo;

    private static Gen<Guid> Guids => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(16).Select(b => new Guid(b));

    // Text without lone surrogates: UTF-8 on the wire cannot carry those.
    private static Gen<string> Text(int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.Frequency((4, Gen.Choose(32, 126)), (1, Gen.Choose(0, 0xD7FF)), (1, Gen.Choose(0xE000, 0xFFFF))).Select(c => (char)c).ArrayOf(length)
        select new string(chars);

    private object RoundTrip(object message)
    {
        var serializer = _serialization.FindSerializerFor(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return _serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    private static void AssertSame(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        switch (expected, actual)
        {
            case (ProbeRequest e, ProbeRequest a):
                AssertSameSide(e.Side, a.Side);
                break;
            case (ProbeReply e, ProbeReply a):
                AssertSameSide(e.Side, a.Side);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }

        Assert.Equal(PrimeOf(expected)?.SwitchedAt.UtcTicks, PrimeOf(actual)?.SwitchedAt.UtcTicks);
    }

    private static void AssertSameSide(RealmSide expected, RealmSide actual)
    {
        Assert.Equal(expected with { Members = default }, actual with { Members = default });
        Assert.Equal(expected.Members.AsEnumerable(), actual.Members.AsEnumerable());
    }

    private static PrimeState? PrimeOf(object message) => message switch
    {
        PrimeAdvert m => m.State,
        PrimeStoreRequest m => m.State,
        PrimeStoreAck m => m.Current,
        ProbeRequest m => m.Side.Prime,
        ProbeReply m => m.Side.Prime,
        _ => null,
    };

    private bool ParsesAsItsTypeOrIsRefused(byte[] bytes, string manifest)
    {
        try
        {
            return Serializer.Manifest(Serializer.FromBinary(bytes, manifest)) == manifest;
        }
        catch (SerializationException)
        {
            return true;
        }
    }

    private static bool Refused(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (SerializationException)
        {
            return true;
        }
    }

    /// <summary>A local actor system with the module's shipped Akka settings (its serializers and bindings).</summary>
    public sealed class LocalSystem : IDisposable
    {
        public ActorSystem System { get; } = ActorSystem.Create("serialization", TestConfig.ShippedAkkaForLocalSystem());

        public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
