using System.Runtime.Serialization;
using ActorRealm.Contracts;
using ActorRealm.Contracts.Persistence;

namespace ActorRealm.Client.Tests;

/// <summary>
/// Every public contract through <see cref="ContractsSerializer"/>: the same record back and the same bytes when
/// written again (every sample sets every field to a non-default value, so a field the decoder dropped would change
/// the bytes). Bad input is refused.
/// </summary>
public sealed class ContractsWireFormatTests
{
    private static readonly object[] Samples =
    [
        RealmStatusRequest.Instance,
        new RealmStatus("test", "main-1", "main", "up", true, "2 of 2", true, "main", 3, [new RealmMember("dr-1", "dr", "127.0.0.1:4001", "up", true)]),
        new PublishRequest(41, "orders", "p-1", 10, new byte[] { 9, 8 }),
        new RequestAcknowledged(42, 7, 21, 2),
        new RedirectToLeader(43, "a2", "akka.ssl.tcp://realm@10.0.0.2:7302/user/persistence-server"),
        new RequestRefused(44, RefusalCode.NoRealmQuorum, true, "no quorum"),
        new ReadChannelRequest(45, "orders", 3, 100, AnyServer: true),
        new ChannelMessages(46, "a1", "orders", [new ChannelMessage(3, 18, "p-1", 9, new byte[] { 1 }), new ChannelMessage(4, 22, "p-2", 1, new byte[] { 2 })], 5, 9, 3),
        new StoreSubscriptionPosition(47, "orders", "billing", 12),
        new ReadSubscriptionPosition(48, "orders", "billing"),
        new SubscriptionPositionAnswer(49, "orders", "billing", 12, true),
        PersistenceDirectoryRequest.Instance,
        new PersistenceDirectory("dr-1", "_setB", 1, "b1", [new PersistenceServerEntry("b1", "_setB", "dr", "10.0.1.1:7311", "akka.tcp://realm@10.0.1.1:7311/user/persistence-server")]),
    ];

    public static TheoryData<object> Contracts() => [.. Samples];

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Every_contract_round_trips(object contract)
    {
        var serializer = new ContractsSerializer(null!);
        var manifest = serializer.Manifest(contract);
        var bytes = serializer.ToBinary(contract);

        var back = serializer.FromBinary(bytes, manifest);

        Assert.Equal(contract, back);
        Assert.Equal(bytes, serializer.ToBinary(back));
        Assert.IsAssignableFrom<IRealmContract>(contract);
    }

    [Fact]
    public void Manifests_are_distinct_and_no_leader_stays_null()
    {
        var serializer = new ContractsSerializer(null!);
        var manifests = Samples.Select(serializer.Manifest).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());

        var none = new PersistenceDirectory("main-1", "_setA", 0, null, []);
        Assert.Null(((PersistenceDirectory)serializer.FromBinary(serializer.ToBinary(none), serializer.Manifest(none))).Leader);
    }

    [Fact]
    public void A_refusal_code_this_client_does_not_know_keeps_its_number_and_its_retryable_flag()
    {
        var serializer = new ContractsSerializer(null!);
        var newer = new RequestRefused(1, (RefusalCode)99, true, "from a newer server");

        var back = (RequestRefused)serializer.FromBinary(serializer.ToBinary(newer), "REF");

        Assert.Equal((99, true), ((int)back.Code, back.Retryable));
    }

    [Fact]
    public void Retryable_follows_from_the_code()
    {
        Assert.True(RequestRefused.Of(1, RefusalCode.LeadershipLost, "x").Retryable);
        Assert.True(RequestRefused.Of(1, RefusalCode.RetryEarlierFirst, "x").Retryable);
        Assert.False(RequestRefused.Of(1, RefusalCode.MessageTooLarge, "x").Retryable);
        Assert.False(RequestRefused.Of(1, RefusalCode.SequenceAlreadyPassed, "x").Retryable);
    }

    [Fact]
    public void Unknown_manifests_and_malformed_bodies_are_refused()
    {
        var serializer = new ContractsSerializer(null!);

        Assert.Contains("Unknown ActorRealm contract manifest 'ZZZ'", Assert.Throws<SerializationException>(() => serializer.FromBinary([], "ZZZ")).Message, StringComparison.Ordinal);
        Assert.Contains("malformed", Assert.Throws<SerializationException>(() => serializer.FromBinary([0xFF, 0xFF, 0xFF], "PUB")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => serializer.Manifest("not a contract"));
    }
}
