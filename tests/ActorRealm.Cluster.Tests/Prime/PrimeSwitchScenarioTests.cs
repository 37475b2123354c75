using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Tests.Membership;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Prime;

/// <summary>The guard, the membership state and the downing strategy together, on virtual time.</summary>
public sealed class PrimeSwitchScenarioTests
{
    private static readonly TimeSpan MinUnreachable = TimeSpan.FromSeconds(60);
    private readonly SiteQuorumDowningStrategy _strategy = new(TimeSpan.FromSeconds(20));

    [Fact]
    public void Prime_site_lost_a_guarded_switch_restores_quorum_and_the_new_prime_side_downs_the_old_one()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        var dead = Addresses(Main, 2).ToHashSet();
        cluster.DetectFailures(dead);
        cluster.GossipRound(dead);
        var dr1 = Address(Dr, 1);
        var stability = UnreachableStability.Start(TimeSpan.Zero).Observe(cluster[dr1].Gossip.UnreachableMembers.Select(m => m.Node), TimeSpan.Zero);
        Assert.IsType<StopServing>(_strategy.Decide(cluster[dr1], serving: true, stability, TimeSpan.FromSeconds(1)).Decision);

        // Too early: refused.
        var early = PrimeSwitchGuard.Evaluate(Request(), cluster[dr1].Gossip.Prime, cluster.Layout, UnreachableFor(dead, 30), DateTimeOffset.UnixEpoch, MinUnreachable);
        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, Assert.IsType<PrimeSwitchRefused>(early).Reason);

        var accepted = Assert.IsType<PrimeSwitchAccepted>(
            PrimeSwitchGuard.Evaluate(Request(), cluster[dr1].Gossip.Prime, cluster.Layout, UnreachableFor(dead, 90), DateTimeOffset.UnixEpoch, MinUnreachable));
        cluster.Apply(dr1, s => s.SwitchPrime(accepted.State));
        cluster.GossipRound(dead);

        Assert.All(Addresses(Dr, 2), a => Assert.Equal(1, cluster[a].Gossip.Prime.Epoch));
        var now = TimeSpan.FromSeconds(90);
        var outcome = _strategy.Decide(cluster[dr1], serving: false, stability, now);
        Assert.IsType<ResumeServing>(outcome.Decision);
        var down = Assert.IsType<DownUnreachable>(_strategy.Decide(cluster[dr1], serving: true, outcome.Stability, now).Decision);
        Assert.Equal(Addresses(Main, 2).Select(a => new NodeId(a, 1)), down.Nodes.ToList());
    }

    [Fact]
    public void A_mistaken_switch_during_a_partition_is_detected_at_the_heal_and_every_node_follows_the_higher_epoch()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        cluster.Cut(Addresses(Main, 2), Addresses(Dr, 2));
        cluster.DetectFailures();
        cluster.GossipRound();

        // The operator wrongly confirms that main is down; the dr side accepts the switch.
        var dr1 = Address(Dr, 1);
        var accepted = Assert.IsType<PrimeSwitchAccepted>(
            PrimeSwitchGuard.Evaluate(Request(), cluster[dr1].Gossip.Prime, cluster.Layout, UnreachableFor(Addresses(Main, 2), 120), DateTimeOffset.UnixEpoch, MinUnreachable));
        cluster.Apply(dr1, s => s.SwitchPrime(accepted.State));
        cluster.GossipRound();
        Assert.All(Addresses(Main, 2), a => Assert.Equal(0, cluster[a].Gossip.Prime.Epoch));

        cluster.Heal();
        var warning = cluster[Address(Main, 1)].ReceiveGossip(cluster[dr1].Gossip);
        Assert.Equal(PrimeReconcileOutcome.SupersededDifferentPrime, warning.Reconciliation!.Outcome);
        Assert.True(warning.Reconciliation.RequiresSplitBrainWarning);
        Assert.Contains("epoch 0", warning.Reconciliation.Message, StringComparison.Ordinal);
        Assert.Contains("epoch 1", warning.Reconciliation.Message, StringComparison.Ordinal);

        cluster.DetectFailures();
        cluster.Settle();
        Assert.All(cluster.Addresses, a => Assert.Equal(accepted.State, cluster[a].Gossip.Prime));
        Assert.All(cluster.Addresses, a => Assert.True(cluster[a].IsConverged));
        Assert.Contains(cluster.Events, e => e.Node == Address(Main, 2) && e.Event is PrimeChanged { Current.Epoch: 1 });
    }

    private static PrimeSwitchRequest Request() => new(Dr, Main, "dr-1:4053 for admin", Guid.NewGuid());

    private static Dictionary<NodeAddress, TimeSpan> UnreachableFor(IEnumerable<NodeAddress> members, int seconds) =>
        members.ToDictionary(m => m, _ => TimeSpan.FromSeconds(seconds));
}
