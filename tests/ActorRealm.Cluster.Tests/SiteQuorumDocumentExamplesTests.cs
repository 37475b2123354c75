using ActorRealm.Cluster.Quorum;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests;

/// <summary>Every example of the product document on clusters with sites, as named cases.</summary>
public sealed class SiteQuorumDocumentExamplesTests
{
    [Fact]
    public void One_realm_per_site_prime_production_survives_the_loss_of_disaster_recovery()
    {
        // "the additional vote for one of the sites raises the availability from one out of two to two out of three"
        var decision = SiteQuorum.Evaluate(Layout(1, 1), Main, Set(Addresses(Main, 1)));
        Assert.True(decision.HasQuorum);
        Assert.Equal(QuorumReason.HalfWithPrimeSite, decision.Reason);
    }

    [Fact]
    public void One_realm_per_site_prime_production_halts_when_production_is_lost()
    {
        // "If the production site fails, the disaster recovery site cannot take over automatically"
        var decision = SiteQuorum.Evaluate(Layout(1, 1), Main, Set(Addresses(Dr, 1)));
        Assert.False(decision.HasQuorum);
        Assert.Equal(QuorumReason.HalfWithoutPrimeSite, decision.Reason);
    }

    [Fact]
    public void One_realm_per_site_prime_disaster_recovery_takes_over_when_production_is_lost()
    {
        // "the disaster recovery site will achieve quorum with only one of the two nodes available"
        Assert.True(SiteQuorum.Evaluate(Layout(1, 1), Dr, Set(Addresses(Dr, 1))).HasQuorum);
    }

    [Fact]
    public void One_realm_per_site_prime_disaster_recovery_halts_production_when_disaster_recovery_fails()
    {
        // "a failure on the disaster recovery site would cause the production site to halt"
        Assert.False(SiteQuorum.Evaluate(Layout(1, 1), Dr, Set(Addresses(Main, 1))).HasQuorum);
    }

    [Fact]
    public void Two_realms_without_a_usable_prime_vote_lose_quorum_when_either_location_is_lost()
    {
        // "as soon as either location is lost, the entire cluster cannot function because of the 51% quorum rule":
        // whichever site survives without being prime has only half.
        Assert.False(SiteQuorum.Evaluate(Layout(1, 1), Main, Set(Addresses(Dr, 1))).HasQuorum);
        Assert.False(SiteQuorum.Evaluate(Layout(1, 1), Dr, Set(Addresses(Main, 1))).HasQuorum);
    }

    [Fact]
    public void Two_realms_per_site_prime_site_alone_has_three_votes_out_of_five()
    {
        // "raises the availability from two out of four to three out of five, that is 60%"
        var layout = Layout(2, 2);
        Assert.True(SiteQuorum.Evaluate(layout, Main, Set(Addresses(Main, 2))).HasQuorum);
        Assert.False(SiteQuorum.Evaluate(layout, Main, Set(Addresses(Dr, 2))).HasQuorum);
    }

    [Fact]
    public void Two_realms_per_site_prime_site_missing_one_member_needs_a_majority()
    {
        var layout = Layout(2, 2);
        Assert.False(SiteQuorum.Evaluate(layout, Main, Set([Address(Main, 1), Address(Dr, 1)])).HasQuorum);
        Assert.True(SiteQuorum.Evaluate(layout, Main, Set([Address(Main, 1)], Addresses(Dr, 2))).HasQuorum);
    }

    [Fact]
    public void One_and_two_losing_the_single_realm_location_keeps_the_cluster_available()
    {
        // "one realm in Location 1 and two in Location 2 ... lost access to Location 1, the cluster would still be available"
        foreach (var prime in new[] { Main, Dr })
        {
            Assert.Equal(QuorumReason.Majority, SiteQuorum.Evaluate(Layout(1, 2), prime, Set(Addresses(Dr, 2))).Reason);
        }
    }

    [Fact]
    public void One_and_two_losing_the_two_realm_location_leaves_33_percent_whichever_site_is_prime()
    {
        // "if, however, you lost Location 2, the cluster would not be available since only 33% ... would be available"
        foreach (var prime in new[] { Main, Dr })
        {
            Assert.Equal(QuorumReason.NoMajority, SiteQuorum.Evaluate(Layout(1, 2), prime, Set(Addresses(Main, 1))).Reason);
        }
    }

    [Fact]
    public void Three_per_site_as_in_the_persistence_layout_prime_site_alone_keeps_quorum()
    {
        var layout = Layout(3, 3);
        Assert.True(SiteQuorum.Evaluate(layout, Main, Set(Addresses(Main, 3))).HasQuorum);
        Assert.False(SiteQuorum.Evaluate(layout, Main, Set(Addresses(Dr, 3))).HasQuorum);
    }

    [Fact]
    public void Three_per_site_losing_one_prime_member_and_the_other_site_loses_quorum()
    {
        var layout = Layout(3, 3);
        Assert.Equal(QuorumReason.NoMajority, SiteQuorum.Evaluate(layout, Main, Set([Address(Main, 1), Address(Main, 2)])).Reason);
        Assert.Equal(QuorumReason.HalfWithoutPrimeSite, SiteQuorum.Evaluate(layout, Main, Set([Address(Main, 1), Address(Main, 2), Address(Dr, 1)])).Reason);
    }

    [Fact]
    public void Three_per_site_losing_one_member_anywhere_keeps_a_majority()
    {
        var layout = Layout(3, 3);
        var all = layout.AllMembers;
        foreach (var lost in all)
        {
            Assert.Equal(QuorumReason.Majority, SiteQuorum.Evaluate(layout, Main, all.Remove(lost)).Reason);
        }
    }
}
