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
    public async Task A_node_with_another_layout_is_refused_by_the_realm_naming_both_layouts_and_it_refuses_nobody()
    {
        // dr-2 holds the realm's join secret and sits where the realm expects it, but its layout lists
        // one more dr node: it would count another total. The realm refuses it, naming both layouts.
        await using var realm = new LoopbackRealm("main:1,dr:2", output: Output);
        var systems = await realm.StartFormedAsync("main-1", "dr-1");
        // Listen before dr-2 starts: the realm may refuse it within milliseconds of its start.
        var realmWarnings = EventsOf<Warning>(systems);
        var dr2 = realm.AddressOf("dr-2");
        var other = ClusterLayout.Of(("main", realm.Layout.MembersOf("main")), ("dr", realm.Layout.MembersOf("dr").Add(realm.Outsider)));
        var config = realm.Config("dr-2", layout: other);
        var misWired = realm.Start(RealmNodeConfig.Setup(config, "dr-2", "dr", dr2), config);
        var ownWarnings = EventsOf<Warning>(misWired);
        var misWiredNode = AkkaClusterView.ToNodeId(AkkaCluster.Get(misWired).SelfUniqueAddress);

        var refusal = await realmWarnings.FishForMessageAsync<Warning>(w => w.Message.ToString()!.StartsWith("Refusing member", StringComparison.Ordinal), Deadline);
        Assert.Equal(
            $"Refusing member {misWiredNode}: its actorrealm.cluster.sites differ from this node's: it has [{other}], this node has [{realm.Layout}]; " +
            "every node must list the same sites and nodes; downing it",
            refusal.Message.ToString());
        await misWired.WhenTerminated.WaitAsync(Deadline);
        Assert.IsType<CoordinatedShutdown.ClusterDowningReason>(CoordinatedShutdown.Get(misWired).ShutdownReason);
        Assert.All(systems, s => Assert.False(s.WhenTerminated.IsCompleted, $"{s} was downed"));
        // Whether dr-2 itself noticed before it was downed depends on timing (its own LAYOUT MISMATCH warning is
        // decided by MemberRefusal, tested in MemberRefusalDecisionTests); it never refuses a member of the realm.
        Assert.DoesNotContain(ownWarnings.ReceiveWhile<object>(TimeSpan.FromMilliseconds(1), o => o).OfType<Warning>(), w => w.Message.ToString()!.StartsWith("Refusing member", StringComparison.Ordinal));
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
