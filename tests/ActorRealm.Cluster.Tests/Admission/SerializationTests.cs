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

    // The peer binds its decoy to a serializer under the JSON id that names a tripwire type in the manifest.
    private static readonly string DecoyHocon = $$"""
        akka.actor {
          serializers.decoy = "{{typeof(DecoyJsonSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(Decoy).AssemblyQualifiedName}}" = decoy }
        }
        """;

    private readonly TestPki _pki = fixture.Pki;

    [Fact]
    public async Task A_json_frame_naming_a_type_is_never_deserialized_by_a_realm_node()
    {
        await using var realm = TestNode.Start(_pki.Context(_pki.NodeA));
        await using var member = TestNode.Start(_pki.Context(_pki.NodeB), DecoyHocon, realmSerialization: false);
        var probe = CreateTestProbe(member.System);

        member.System.ActorSelection(realm.InboxPath).Tell(new Decoy(typeof(RealmTripwire)));
        member.SendTo(realm, "after the decoy", probe.Ref);

        // Messages of one association arrive in order: the decoy was handled before this answer.
        await probe.ExpectMsgAsync("ack:after the decoy", Deadline);
        Assert.Equal(0, RealmTripwire.Built);
        Assert.True(realm.Logs.Contains($"Refused an inbound message for serializer id 1 (Akka's JSON fallback) with manifest '{typeof(RealmTripwire).AssemblyQualifiedName}'"), realm.Logs.Dump());
    }

    [Fact]
    public async Task The_same_frame_builds_the_type_on_a_stock_akka_node()
    {
        await using var stock = TestNode.Start(_pki.Context(_pki.NodeA), realmSerialization: false);
        await using var member = TestNode.Start(_pki.Context(_pki.NodeB), DecoyHocon, realmSerialization: false);
        var probe = CreateTestProbe(member.System);

        member.System.ActorSelection(stock.InboxPath).Tell(new Decoy(typeof(StockTripwire)));
        member.SendTo(stock, "after the decoy", probe.Ref);

        await probe.ExpectMsgAsync("ack:after the decoy", Deadline);
        Assert.Equal(1, StockTripwire.Built);
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

        Assert.IsType<RefusedJsonSerializer>(serialization.FindSerializerForType(typeof(Unregistered)));
        Assert.Equal(RefusedJsonSerializer.Id, serialization.FindSerializerForType(typeof(Unregistered)).Identifier);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serialization.Deserialize("{}"u8.ToArray(), RefusedJsonSerializer.Id, typeof(RealmTripwire).AssemblyQualifiedName!));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serialization.Deserialize([], RefusedRemoteDeploymentSerializer.Id, "Akka.Remote.DaemonMsgCreate, Akka.Remote"));
        Assert.Equal(0, RealmTripwire.Built);
    }

    /// <summary>What the peer sends: it serializes as an empty JSON object under a manifest naming another type.</summary>
    public sealed record Decoy(Type Names);

    /// <summary>Plays a peer's JSON serializer (id 1) that names whatever type it likes in the manifest.</summary>
    public sealed class DecoyJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        public override int Identifier => 1;

        public override string Manifest(object o) => ((Decoy)o).Names.AssemblyQualifiedName!;

        public override byte[] ToBinary(object obj) => Encoding.UTF8.GetBytes("{}");

        public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException("the decoy is only ever sent");
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
