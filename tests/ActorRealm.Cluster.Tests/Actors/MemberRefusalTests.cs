using ActorRealm.Cluster.Membership;
using Akka.Actor;
using Akka.Event;
using Xunit.Abstractions;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>
/// A node that joins the realm's cluster without being one of its nodes (no join proof, another
/// realm's secret, an address outside the layout, another site) is downed by the realm's members,
/// and the realm carries on.
/// </summary>
[Collection(RealSystems.Name)]
public sealed class MemberRefusalTests(ITestOutputHelper output) : RealSystemsTestKit(output)
{

    public enum Stranger
    {
        NoJoinSecret,
        AnotherJoinSecret,
        AddressOutsideTheLayout,
        AnotherSite,
    }

    [Theory]
    [InlineData(Stranger.NoJoinSecret, "it presents no join proof (a node without actorrealm.remote.join-secret)")]
    [InlineData(Stranger.AnotherJoinSecret, "its join proof does not match this realm's join secret (actorrealm.remote.join-secret differs)")]
    [InlineData(Stranger.AddressOutsideTheLayout, "{address} is not listed under actorrealm.cluster.sites on this node ({layout})")]
    [InlineData(Stranger.AnotherSite, "it says it is in site 'main' but this node's layout lists {address} in site 'dr'")]
    public async Task A_node_that_is_not_one_of_the_realms_is_downed_and_the_realm_carries_on(Stranger kind, string reason)
    {
        await using var realm = new LoopbackRealm("main:1,dr:2", output: Output);
        var systems = await realm.StartFormedAsync("main-1", "dr-1");
        var warnings = EventsOf<Warning>(systems);

        var stranger = Start(realm, kind);
        var strangerNode = AkkaClusterView.ToNodeId(AkkaCluster.Get(stranger).SelfUniqueAddress);

        var refusal = await warnings.FishForMessageAsync<Warning>(w => w.Message.ToString()!.StartsWith("Refusing member", StringComparison.Ordinal), Deadline);
        var expected = reason.Replace("{address}", strangerNode.Address.ToString(), StringComparison.Ordinal).Replace("{layout}", realm.Layout.ToString(), StringComparison.Ordinal);
        Assert.Equal($"Refusing member {strangerNode}: {expected}; downing it", refusal.Message.ToString());
        await stranger.WhenTerminated.WaitAsync(Deadline);
        Assert.IsType<CoordinatedShutdown.ClusterDowningReason>(CoordinatedShutdown.Get(stranger).ShutdownReason);

        foreach (var member in systems)
        {
            Assert.False(member.WhenTerminated.IsCompleted, $"{member} was downed too");
            await RealmCluster.Get(member).WhenStatusAsync(s => s.IsServing && s.Members.Count(m => m.Status == ClusterMemberStatus.Up) == 2).WaitAsync(Deadline);
        }
    }

    [Fact]
    public async Task A_node_of_the_realm_joining_later_is_not_refused()
    {
        await using var realm = new LoopbackRealm("main:1,dr:2", output: Output);
        var systems = await realm.StartFormedAsync("main-1", "dr-1");
        var late = realm.Start("dr-2");
        var warnings = EventsOf<Warning>([.. systems, late]);


        await Task.WhenAll(systems.Append(late).Select(s => RealmCluster.Get(s).WhenStatusAsync(st => st.IsServing && st.IsConverged && st.Members.Count(m => m.Status == ClusterMemberStatus.Up) == 3).WaitAsync(Deadline)));
        Assert.DoesNotContain(warnings.ReceiveWhile<object>(TimeSpan.FromMilliseconds(1), o => o).OfType<Warning>(), w => w.Message.ToString()!.StartsWith("Refusing member", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mis_wired_node_whose_configuration_is_the_odd_one_out_refuses_nobody()
    {
        // dr-2 holds the realm's join secret and is where the realm expects it, but its own layout has
        // main-1 and dr-1 the wrong way round: the realm accepts it, and it would refuse both of them.
        await using var realm = new LoopbackRealm("main:1,dr:2", output: Output);
        var systems = await realm.StartFormedAsync("main-1", "dr-1");
        var (main1, dr1, dr2) = (realm.AddressOf("main-1"), realm.AddressOf("dr-1"), realm.AddressOf("dr-2"));
        var config = realm.Config("dr-2", layout: ClusterLayout.Of(("main", [dr1]), ("dr", [main1, dr2])));
        var misWired = realm.Start(RealmNodeConfig.Setup(config, "dr-2", "dr", dr2), config);
        var warnings = EventsOf<Warning>([.. systems, misWired]);

        await Task.WhenAll(systems.Append(misWired).Select(s => RealmCluster.Get(s).WhenStatusAsync(st => st.IsConverged && st.Members.Count(m => m.Status == ClusterMemberStatus.Up) == 3).WaitAsync(Deadline)));

        // Its downing actor has seen both of them by now; a refusal is logged as it downs. Give it a few more rounds.
        var logged = warnings.ReceiveWhile<object>(TimeSpan.FromSeconds(2), o => o).OfType<Warning>().Select(w => w.Message.ToString()).ToList();
        Assert.DoesNotContain(logged, m => m!.StartsWith("Refusing member", StringComparison.Ordinal));
        Assert.All(systems, s => Assert.Equal(3, RealmCluster.Get(s).CurrentStatus.Members.Count(m => m.Status == ClusterMemberStatus.Up)));
    }

    private static ActorSystem Start(LoopbackRealm realm, Stranger kind)
    {
        var dr2 = realm.AddressOf("dr-2");
        var (config, site, address) = kind switch
        {
            Stranger.NoJoinSecret => (realm.Config("dr-2", joinSecret: null), "dr", dr2),
            Stranger.AnotherJoinSecret => (realm.Config("dr-2", joinSecret: "another realm's secret"), "dr", dr2),
            Stranger.AddressOutsideTheLayout => (
                realm.Config("dr-9", address: realm.Outsider, layout: ClusterLayout.Of(("main", realm.Layout.MembersOf("main")), ("dr", realm.Layout.MembersOf("dr").Add(realm.Outsider)))),
                "dr",
                realm.Outsider),
            _ => (realm.Config("dr-2", layout: ClusterLayout.Of(("main", realm.Layout.MembersOf("main").Add(dr2)), ("dr", realm.Layout.MembersOf("dr").Remove(dr2)))), "main", dr2),
        };
        return realm.Start(RealmNodeConfig.Setup(config, "stranger", site, address), config);
    }
}
