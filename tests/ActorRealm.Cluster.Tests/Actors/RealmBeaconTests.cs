using ActorRealm.Cluster.Joining;
using ActorRealm.Cluster.Prime;
using Akka.Actor;
using Xunit.Abstractions;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>The beacon on real systems: a probe from another node gets the node's side, over remoting.</summary>
[Collection(RealSystems.Name)]
public sealed class RealmBeaconTests(ITestOutputHelper output) : RealSystemsTestKit(output)
{
    [Fact]
    public async Task The_beacon_answers_a_probe_with_its_nodes_side_and_a_probe_from_another_realm_moves_nobody()
    {
        await using var realm = new LoopbackRealm(output: Output);
        var systems = await realm.StartFormedAsync("main-1", "dr-1");
        var (main, dr) = (RealmCluster.Get(systems[0]), RealmCluster.Get(systems[1]));
        var epoch1 = PrimeState.Initial("main").SwitchTo("dr", "ops elsewhere", DateTimeOffset.UnixEpoch.AddDays(1), Guid.NewGuid());
        var elsewhere = new RealmSide("another-realm", new NodeId(realm.Outsider, 7), Formed: true, HasQuorum: true, epoch1, [], IsFirstSeed: true);

        var mainSide = await AskBeacon(systems[1], systems[0], elsewhere);
        var drSide = await AskBeacon(systems[0], systems[1], elsewhere);

        Assert.Equal(("realm", main.SelfNode, true, true, PrimeState.Initial("main"), true), (mainSide.Realm, mainSide.Node, mainSide.Formed, mainSide.HasQuorum, mainSide.Prime, mainSide.IsFirstSeed));
        Assert.Equal(("realm", dr.SelfNode, true, true, false), (drSide.Realm, drSide.Node, drSide.Formed, drSide.HasQuorum, drSide.IsFirstSeed));
        Assert.Equal([new SideMember(main.SelfNode, MemberStatus.Up), new SideMember(dr.SelfNode, MemberStatus.Up)], mainSide.Members.OrderBy(m => m.Node != main.SelfNode));
        Assert.False(main.IsRejoining);
        Assert.False(dr.IsRejoining);
        Assert.Equal(PrimeState.Initial("main"), main.Prime);
    }

    [Fact]
    public async Task A_probe_carrying_a_newer_prime_state_of_the_realm_makes_the_node_store_and_follow_it()
    {
        await using var realm = new LoopbackRealm(output: Output);
        var systems = await realm.StartFormedAsync("main-1", "dr-1");
        var main = RealmCluster.Get(systems[0]);
        var epoch1 = PrimeState.Initial("main").SwitchTo("main", "ops via a node of another cluster", DateTimeOffset.UnixEpoch.AddDays(1), Guid.NewGuid());
        var other = new RealmSide("realm", new NodeId(realm.Outsider, 7), Formed: true, HasQuorum: false, epoch1, [], IsFirstSeed: false);

        var answer = await AskBeacon(systems[1], systems[0], other);

        // The side it described was the one before: the state is adopted after it is stored, through the prime site actor.
        Assert.Equal(PrimeState.Initial("main"), answer.Prime);
        await AwaitConditionAsync(() => Task.FromResult(main.Prime == epoch1 && RealmCluster.Get(systems[1]).Prime == epoch1), Deadline);
        Assert.False(main.IsRejoining);
    }

    private static async Task<RealmSide> AskBeacon(ActorSystem from, ActorSystem to, RealmSide side)
    {
        var beacon = from.ActorSelection(new RootActorPath(AkkaCluster.Get(to).SelfAddress) / "system" / RealmBeacon.Name);
        return (await beacon.Ask<ProbeReply>(new ProbeRequest(side), Deadline)).Side;
    }
}
