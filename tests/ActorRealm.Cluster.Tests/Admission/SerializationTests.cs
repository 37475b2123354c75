using System.Text;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Tests.Admission.Support;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace ActorRealm.Cluster.Tests.Admission;

/// <summary>
/// No peer, not even one holding a realm certificate, can make a realm node build an object of a type
/// the peer names: Akka's Newtonsoft JSON fallback and remote deployment are refused. Each refusal is
/// set beside a stock Akka node receiving the same bytes, which does build the object, so the test
/// shows the frame is a real threat and not one the receiver ignores anyway.
/// </summary>
public sealed class SerializationTests(TestPkiFixture fixture) : Akka.TestKit.Xunit2.TestKit, IClassFixture<TestPkiFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    // The peer binds its decoys to serializers under the JSON and protobuf ids that name a tripwire type in the manifest.
    private static readonly string DecoyHocon = $$"""
        akka.actor {
          serializers.decoy-json = "{{typeof(DecoyJsonSerializer).AssemblyQualifiedName}}"
          serializers.decoy-protobuf = "{{typeof(DecoyProtobufSerializer).AssemblyQualifiedName}}"
          serialization-bindings {
            "{{typeof(JsonDecoy).AssemblyQualifiedName}}" = decoy-json
            "{{typeof(ProtobufDecoy).AssemblyQualifiedName}}" = decoy-protobuf
          }
        }
        """;

    private readonly TestPki _pki = fixture.Pki;

    [Theory]
    [InlineData(RefusingSerializer.JsonId, "Akka's JSON fallback")]
    [InlineData(RefusingSerializer.ProtobufId, "Akka's protobuf fallback")]
    public async Task A_frame_naming_a_type_is_never_deserialized_by_a_realm_node(int serializerId, string refused)
    {
        await using var realm = TestNode.Start(_pki.Context(_pki.NodeA));
        await using var member = TestNode.Start(_pki.Context(_pki.NodeB), DecoyHocon, realmSerialization: false);
        var probe = CreateTestProbe(member.System);

        member.System.ActorSelection(realm.InboxPath).Tell(Decoy(serializerId, typeof(RealmTripwire)));
        member.SendTo(realm, "after the decoy", probe.Ref);

        // Messages of one association arrive in order: the decoy was handled before this answer.
        await probe.ExpectMsgAsync("ack:after the decoy", Deadline);
        Assert.Equal(0, RealmTripwire.Built);
        Assert.True(realm.Logs.Contains($"Refused an inbound message for serializer id {serializerId} ({refused}) with manifest '{typeof(RealmTripwire).AssemblyQualifiedName}'"), realm.Logs.Dump());
        Assert.Empty(realm.Others);
    }

    [Theory]
    [InlineData(RefusingSerializer.JsonId)]
    [InlineData(RefusingSerializer.ProtobufId)]
    public async Task The_same_frame_builds_the_type_on_a_stock_akka_node(int serializerId)
    {
        await using var stock = TestNode.Start(_pki.Context(_pki.NodeA), realmSerialization: false);
        await using var member = TestNode.Start(_pki.Context(_pki.NodeB), DecoyHocon, realmSerialization: false);
        var probe = CreateTestProbe(member.System);
        var before = StockTripwire.Built;

        member.System.ActorSelection(stock.InboxPath).Tell(Decoy(serializerId, typeof(StockTripwire)));
        member.SendTo(stock, "after the decoy", probe.Ref);

        await probe.ExpectMsgAsync("ack:after the decoy", Deadline);
        Assert.Equal(before + 1, StockTripwire.Built);
    }

    [Fact]
    public async Task Remote_deployment_onto_a_realm_node_is_refused_and_the_actor_never_built()
    {
        await using var realm = TestNode.Start(_pki.Context(_pki.NodeA));
        await using var member = TestNode.Start(_pki.Context(_pki.NodeB), realmSerialization: false);
        var probe = CreateTestProbe(member.System);

        member.System.ActorOf(Props.Create(() => new DeployedTripwire("realm")).WithDeploy(Deploy.None.WithScope(new RemoteScope(realm.Address))));
        member.SendTo(realm, "after the deployment", probe.Ref);

        await probe.ExpectMsgAsync("ack:after the deployment", Deadline);
        await Await.UntilAsync(() => realm.Logs.Contains("serializer id 3 (remote deployment)"), realm.Logs.Dump);
        Assert.Equal(0, DeployedTripwire.Built("realm"));
    }

    [Fact]
    public async Task Remote_deployment_builds_the_actor_on_a_stock_akka_node()
    {
        await using var stock = TestNode.Start(_pki.Context(_pki.NodeA), realmSerialization: false);
        await using var member = TestNode.Start(_pki.Context(_pki.NodeB), realmSerialization: false);

        member.System.ActorOf(Props.Create(() => new DeployedTripwire("stock")).WithDeploy(Deploy.None.WithScope(new RemoteScope(stock.Address))));

        await Await.UntilAsync(() => DeployedTripwire.Built("stock") == 1, stock.Logs.Dump);
    }

    [Fact]
    public async Task Sending_a_type_without_a_serializer_fails_on_the_sender_with_its_name_and_the_link_stays_up()
    {
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));
        await using var b = TestNode.Start(_pki.Context(_pki.NodeB));
        var probe = CreateTestProbe(a.System);

        a.System.ActorSelection(b.InboxPath).Tell(new Unregistered());
        a.SendTo(b, "after", probe.Ref);

        await probe.ExpectMsgAsync("ack:after", Deadline);
        Assert.True(a.Logs.Contains($"No serializer is registered for {typeof(Unregistered).FullName}"), a.Logs.Dump());
        Assert.Equal(["after"], b.Received);
    }

    [Fact]
    public void The_refusing_serializers_take_the_ids_of_the_ones_they_replace()
    {
        using var system = ActorSystem.Create("ids", ConfigurationFactory.ParseString(RealmTransportSecurity.SerializationHocon));
        var serialization = system.Serialization;

        Assert.IsType<RefusingSerializer>(serialization.FindSerializerForType(typeof(Unregistered)));
        Assert.Equal(RefusingSerializer.JsonId, serialization.FindSerializerForType(typeof(Unregistered)).Identifier);
        foreach (var id in new[] { RefusingSerializer.JsonId, RefusingSerializer.ProtobufId, RefusingSerializer.RemoteDeploymentId })
        {
            var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serialization.Deserialize("{}"u8.ToArray(), id, typeof(RealmTripwire).AssemblyQualifiedName!));
            Assert.StartsWith($"Refused an inbound message for serializer id {id} ", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, RealmTripwire.Built);
    }

    private static object Decoy(int serializerId, Type names) => serializerId == RefusingSerializer.JsonId ? new JsonDecoy(names) : new ProtobufDecoy(names);

    /// <summary>What the peer sends under the JSON id: an empty JSON object under a manifest naming another type.</summary>
    public sealed record JsonDecoy(Type Names);

    /// <summary>What the peer sends under the protobuf id: empty bytes under a manifest naming another type.</summary>
    public sealed record ProtobufDecoy(Type Names);

    /// <summary>Plays a peer's serializer that names whatever type it likes in the manifest.</summary>
    public abstract class DecoySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        public override string Manifest(object o) => o switch
        {
            JsonDecoy d => d.Names.AssemblyQualifiedName!,
            ProtobufDecoy d => d.Names.AssemblyQualifiedName!,
            _ => throw new ArgumentException("not a decoy", nameof(o)),
        };

        public override byte[] ToBinary(object obj) => obj is JsonDecoy ? Encoding.UTF8.GetBytes("{}") : [];

        public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException("a decoy is only ever sent");
    }

    /// <summary>A decoy under the id of Akka's JSON serializer.</summary>
    public sealed class DecoyJsonSerializer(ExtendedActorSystem system) : DecoySerializer(system)
    {
        public override int Identifier => RefusingSerializer.JsonId;
    }

    /// <summary>A decoy under the id of Akka.Remote's protobuf serializer.</summary>
    public sealed class DecoyProtobufSerializer(ExtendedActorSystem system) : DecoySerializer(system)
    {
        public override int Identifier => RefusingSerializer.ProtobufId;
    }

    /// <summary>Counts its instances: a realm node must never build one.</summary>
    public sealed class RealmTripwire
    {
        private static int _built;

        public RealmTripwire() => Interlocked.Increment(ref _built);

        public static int Built => Volatile.Read(ref _built);
    }

    /// <summary>Counts its instances: a stock Akka node does build one.</summary>
    public sealed class StockTripwire
    {
        private static int _built;

        public StockTripwire() => Interlocked.Increment(ref _built);

        public static int Built => Volatile.Read(ref _built);
    }

    /// <summary>An actor that counts its constructions, per name.</summary>
    public sealed class DeployedTripwire : ReceiveActor
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Constructed = new();

        public DeployedTripwire(string name) => Constructed.AddOrUpdate(name, 1, (_, n) => n + 1);

        public static int Built(string name) => Constructed.GetValueOrDefault(name);
    }

    private sealed class Unregistered;
}
