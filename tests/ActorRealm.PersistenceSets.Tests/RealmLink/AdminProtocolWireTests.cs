using System.Runtime.Serialization;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Serialization;
using ActorRealm.PersistenceSets.Status;

namespace ActorRealm.PersistenceSets.Tests.RealmLink;

/// <summary>The administrator's messages (realm server to persistence server, registry to registry) on the wire.</summary>
public sealed class AdminProtocolWireTests
{
    private static readonly PersistenceServerStatus Returned = new(
        "a1", "_setA", "main", SetRole.Standby, PersistenceRole.Member, 7, 2, 120, 118, "a2", 0, null, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
        Serving: false,
        LastExport: new ExportedSuffix("/data/a1/exports/epoch-2-oldepoch-x-from-119.jsonl", 119, 2, 2, FromOldEpoch: true),
        LastMigration: new MigrationReport(1, TimeSpan.FromMilliseconds(350)),
        EpochPrimarySet: "_setB",
        EpochFirstIndex: 118,
        ClientSessions: 3);

    public static TheoryData<object> Messages() =>
    [
        new PersistenceAdminCommand(PersistenceChangeKind.CutOver, "_setB", "main", true, "every realm server of 'main' has been unreachable", "ops@host via realm server dr-1"),
        new PersistenceAdminCommand(PersistenceChangeKind.Migration, "_setB", string.Empty, true, string.Empty, "ops"),
        new PersistenceAdminAnswer("b2", PersistenceAdminOutcome.Accepted, 3, null, "b2 starts epoch 3"),
        new PersistenceAdminAnswer("b1", PersistenceAdminOutcome.Redirect, 0, "b2", "b1 is not the leader"),
        new PersistenceAdminAnswer("b2", PersistenceAdminOutcome.Refused, 0, null, "set '_setB' is already primary (epoch 3)"),
        new RelayPersistenceAdmin("b2", new PersistenceAdminCommand(PersistenceChangeKind.CutOver, "_setB", "main", false, "main-1 is reachable now", "ops")),
        GetRegistryClients.Instance,
        new RealmEpochNotice(2, "_setB", 118),
        new PersistenceStatusReport(Returned),
        new PersistenceStatusReport(Returned with { LastExport = Returned.LastExport! with { FromOldEpoch = false }, LastMigration = null, Serving = true }),
        new PersistenceStatusReport(Returned with { LastMigration = new MigrationReport(3, TimeSpan.FromSeconds(5), "the standby set did not hold everything within 100 ticks"), EpochPrimarySet = null }),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_admin_message_survives_the_wire(object message)
    {
        var serializer = new PersistenceSetsSerializer(null!);

        Assert.Equal(message, serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));
    }

    [Fact]
    public void A_registrys_client_list_survives_the_wire()
    {
        var serializer = new PersistenceSetsSerializer(null!);
        var clients = new RegistryClients("main-1", [Returned, Returned with { Server = "a2", LastExport = null, LastMigration = null }]);

        var back = Assert.IsType<RegistryClients>(serializer.FromBinary(serializer.ToBinary(clients), serializer.Manifest(clients)));

        Assert.Equal("main-1", back.RealmServer);
        Assert.Equal(clients.Clients, back.Clients);
    }

    [Fact]
    public void What_retention_dropped_unread_and_the_compaction_survive_the_wire()
    {
        var serializer = new PersistenceSetsSerializer(null!);
        var status = Returned with { CompactedThrough = 90, UnreadDropped = [new SubscriptionLoss("orders", "billing", 65, 45, 70), new SubscriptionLoss("audit", "x", 1, 0, 1)] };

        var back = Assert.IsType<PersistenceStatusReport>(serializer.FromBinary(serializer.ToBinary(new PersistenceStatusReport(status)), "PS")).Status;

        Assert.Equal(90, back.CompactedThrough);
        Assert.Equal(status.UnreadDropped, back.UnreadDropped);
        Assert.Equal(status with { UnreadDropped = null }, back with { UnreadDropped = null });
    }

    [Fact]
    public void Undefined_kinds_and_outcomes_and_a_relay_without_its_command_are_refused()
    {
        var serializer = new PersistenceSetsSerializer(null!);

        var command = new Wire.AdminCommandProto { Kind = 7, ToSet = "_setB" };
        Assert.Contains("PersistenceChangeKind 7 is not defined", Assert.Throws<SerializationException>(() => serializer.FromBinary(Google.Protobuf.MessageExtensions.ToByteArray(command), "PA")).Message, StringComparison.Ordinal);
        var answer = new Wire.AdminAnswerProto { Server = "b2", Outcome = 5 };
        Assert.Contains("PersistenceAdminOutcome 5 is not defined", Assert.Throws<SerializationException>(() => serializer.FromBinary(Google.Protobuf.MessageExtensions.ToByteArray(answer), "PB")).Message, StringComparison.Ordinal);
        var relay = new Wire.RelayAdminProto { Server = "b2" };
        Assert.Contains("without its command", Assert.Throws<SerializationException>(() => serializer.FromBinary(Google.Protobuf.MessageExtensions.ToByteArray(relay), "GA")).Message, StringComparison.Ordinal);
    }
}
