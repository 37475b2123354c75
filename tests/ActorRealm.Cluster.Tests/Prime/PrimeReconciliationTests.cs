using ActorRealm.Cluster.Prime;
using FsCheck;
using FsCheck.Fluent;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Prime;

public sealed class PrimeReconciliationTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static Gen<PrimeState> States =>
        from site in Gen.Elements(Main, Dr, "third")
        from epoch in Gen.Choose(0, 3)
        from switchedBy in Gen.Elements("main-1", "dr-1")
        from day in Gen.Choose(0, 2)
        from id in Gen.Choose(0, 2)
        select new PrimeState(site, epoch, switchedBy, DateTimeOffset.UnixEpoch.AddDays(day), new Guid(id, 0, 0, new byte[8]));

    [Fact]
    public void Reconcile_is_commutative() =>
        Check.One(Quick, Prop.ForAll(States.Two().ToArbitrary(), p =>
            PrimeReconciliation.Reconcile(p.Item1, p.Item2).Winner == PrimeReconciliation.Reconcile(p.Item2, p.Item1).Winner));

    [Fact]
    public void Reconcile_is_associative() =>
        Check.One(Quick, Prop.ForAll(States.Three().ToArbitrary(), t =>
            Winner(Winner(t.Item1, t.Item2), t.Item3) == Winner(t.Item1, Winner(t.Item2, t.Item3))));

    [Fact]
    public void Reconcile_is_idempotent() =>
        Check.One(Quick, Prop.ForAll(States.ToArbitrary(), s =>
            PrimeReconciliation.Reconcile(s, s) is { Outcome: PrimeReconcileOutcome.Same } r && r.Winner == s));

    [Fact]
    public void The_higher_epoch_always_wins() =>
        Check.One(Quick, Prop.ForAll(States.Two().ToArbitrary(), p =>
            p.Item1.Epoch == p.Item2.Epoch ||
            PrimeReconciliation.Reconcile(p.Item1, p.Item2).Winner.Epoch == Math.Max(p.Item1.Epoch, p.Item2.Epoch)));

    [Fact]
    public void A_split_brain_warning_is_symmetric_for_same_epoch_conflicts_and_one_sided_otherwise() =>
        Check.One(Quick, Prop.ForAll(States.Two().ToArbitrary(), p =>
        {
            var here = PrimeReconciliation.Reconcile(p.Item1, p.Item2);
            var there = PrimeReconciliation.Reconcile(p.Item2, p.Item1);
            return here.Outcome == PrimeReconcileOutcome.ConflictingSameEpoch
                ? there.Outcome == PrimeReconcileOutcome.ConflictingSameEpoch
                : !(here.RequiresSplitBrainWarning && there.RequiresSplitBrainWarning);
        }));

    [Fact]
    public void A_node_that_followed_another_prime_in_a_lower_epoch_warns_loudly_with_both_epochs()
    {
        var local = PrimeState.Initial(Main);
        var remote = local.SwitchTo(Dr, "dr-1:4053", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), new Guid("11111111-2222-3333-4444-555555555555"));

        var result = PrimeReconciliation.Reconcile(local, remote);

        Assert.Equal(PrimeReconcileOutcome.SupersededDifferentPrime, result.Outcome);
        Assert.Equal(remote, result.Winner);
        Assert.True(result.RequiresSplitBrainWarning);
        Assert.Equal(PrimeReconcileSeverity.Warning, result.Severity);
        Assert.StartsWith("SPLIT BRAIN POSSIBLE: this node followed prime 'main' (epoch 0, from configuration) but the realm switched to 'dr' (epoch 1,", result.Message, StringComparison.Ordinal);
        Assert.Equal(PrimeReconcileOutcome.LocalNewer, PrimeReconciliation.Reconcile(remote, local).Outcome);
    }

    [Fact]
    public void A_node_that_was_down_when_the_realm_switched_away_from_its_prime_site_says_so_as_information()
    {
        var switchedAt = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var local = PrimeState.Initial(Main);
        var remote = local.SwitchTo(Dr, "alice", switchedAt, Guid.NewGuid());

        var wasDown = PrimeReconciliation.Reconcile(local, remote, new ServingRecord(0, switchedAt.AddSeconds(-75)), servedUnknown: false);
        var neverServed = PrimeReconciliation.Reconcile(local, remote, lastServed: null, servedUnknown: false);
        var servedOn = PrimeReconciliation.Reconcile(local, remote, new ServingRecord(0, switchedAt.AddSeconds(5)), servedUnknown: false);
        var servedInAnOlderEpoch = PrimeReconciliation.Reconcile(local with { Epoch = 2 }, remote with { Epoch = 3 }, new ServingRecord(1, switchedAt.AddHours(1)), servedUnknown: false);
        var unknown = PrimeReconciliation.Reconcile(local, remote, lastServed: null, servedUnknown: true);

        Assert.Equal((PrimeReconcileOutcome.SupersededWhileNotServing, PrimeReconcileSeverity.Information, false), (wasDown.Outcome, wasDown.Severity, wasDown.RequiresSplitBrainWarning));
        Assert.Equal(remote, wasDown.Winner);
        Assert.StartsWith("following prime 'dr' (epoch 1, switched by alice at 2030-01-01T12:00:00.0000000+00:00", wasDown.Message, StringComparison.Ordinal);
        Assert.Contains("the switch happened while this node was not serving (it last served in epoch 0 at 2030-01-01T11:58:45.0000000+00:00, it was down or without quorum)", wasDown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SPLIT BRAIN", wasDown.Message, StringComparison.Ordinal);
        Assert.Equal(PrimeReconcileOutcome.SupersededWhileNotServing, neverServed.Outcome);
        Assert.Equal(PrimeReconcileOutcome.SupersededWhileNotServing, servedInAnOlderEpoch.Outcome);
        Assert.Equal((PrimeReconcileOutcome.SupersededDifferentPrime, PrimeReconcileSeverity.Warning), (servedOn.Outcome, servedOn.Severity));
        Assert.StartsWith("SPLIT BRAIN POSSIBLE", servedOn.Message, StringComparison.Ordinal);
        Assert.Equal(PrimeReconcileOutcome.SupersededDifferentPrime, unknown.Outcome);
    }

    [Fact]
    public void Two_prime_sites_in_the_same_epoch_pick_one_deterministically_at_the_loudest_level()
    {
        var a = new PrimeState(Main, 2, "main-1", DateTimeOffset.UnixEpoch.AddDays(1), Guid.Empty);
        var b = new PrimeState(Dr, 2, "dr-1", DateTimeOffset.UnixEpoch.AddDays(2), Guid.Empty);

        var result = PrimeReconciliation.Reconcile(a, b);

        Assert.Equal(PrimeReconcileOutcome.ConflictingSameEpoch, result.Outcome);
        Assert.Equal(PrimeReconcileSeverity.Critical, result.Severity);
        Assert.Equal(b, result.Winner);
        Assert.StartsWith("SPLIT BRAIN: two prime sites in epoch 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catching_up_to_the_same_site_is_information_only()
    {
        var local = new PrimeState(Main, 1, "main-1", DateTimeOffset.UnixEpoch, Guid.Empty);
        var remote = new PrimeState(Main, 3, "main-2", DateTimeOffset.UnixEpoch.AddDays(1), Guid.Empty);
        var result = PrimeReconciliation.Reconcile(local, remote);
        Assert.Equal(PrimeReconcileOutcome.CaughtUp, result.Outcome);
        Assert.Equal(PrimeReconcileSeverity.Information, result.Severity);
        Assert.False(result.RequiresSplitBrainWarning);
    }

    private static PrimeState Winner(PrimeState a, PrimeState b) => PrimeReconciliation.Reconcile(a, b).Winner;
}
