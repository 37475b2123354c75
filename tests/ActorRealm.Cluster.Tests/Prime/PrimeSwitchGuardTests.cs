using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Prime;

public sealed class PrimeSwitchGuardTests
{
    private static readonly TimeSpan MinUnreachable = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly PrimeState Current = PrimeState.Initial(Main);
    private static readonly Guid SwitchId = new("6d1f0c57-8a43-4c2e-9a5e-1d2b3c4d5e6f");

    [Fact]
    public void Accepted_when_the_whole_prime_site_has_been_unreachable_long_enough()
    {
        var result = Evaluate(Layout(2, 2), Request(Dr, Main), Unreachable(Addresses(Main, 2), 61));

        var accepted = Assert.IsType<PrimeSwitchAccepted>(result);
        Assert.Equal(new PrimeState(Dr, 1, "dr-1:4053 for admin", Now, SwitchId), accepted.State);
        Assert.True(accepted.QuorumAfter.HasQuorum);
    }

    [Fact]
    public void Each_switch_raises_the_epoch_by_one()
    {
        var epoch3 = new PrimeState(Main, 3, "x", Now, Guid.NewGuid());
        var accepted = Assert.IsType<PrimeSwitchAccepted>(
            PrimeSwitchGuard.Evaluate(Request(Dr, Main), epoch3, Layout(1, 1), Unreachable(Addresses(Main, 1), 600), Now, MinUnreachable));
        Assert.Equal(4, accepted.State.Epoch);
    }

    [Fact]
    public void Refused_when_a_prime_member_was_reachable_recently_naming_it_and_how_long_ago()
    {
        var unreachable = Unreachable([Address(Main, 1)], 61);
        unreachable[Address(Main, 2)] = TimeSpan.FromSeconds(12);

        var refused = Assert.IsType<PrimeSwitchRefused>(Evaluate(Layout(2, 2), Request(Dr, Main), unreachable));

        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, refused.Reason);
        Assert.StartsWith("Refusing to switch away from prime site 'main': main-2:4053 was reachable 12 s ago. Every member of 'main' must have been unreachable from this side for at least 60 s", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_when_a_prime_member_is_reachable_now()
    {
        var refused = Assert.IsType<PrimeSwitchRefused>(Evaluate(Layout(2, 2), Request(Dr, Main), Unreachable([Address(Main, 1)], 300)));
        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, refused.Reason);
        Assert.Contains("main-2:4053 is reachable now", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_when_the_confirmed_site_is_not_the_prime_site()
    {
        var layout = new ClusterLayout([
            KeyValuePair.Create(Main, (IEnumerable<NodeAddress>)Addresses(Main, 1)),
            KeyValuePair.Create(Dr, (IEnumerable<NodeAddress>)Addresses(Dr, 1)),
            KeyValuePair.Create("third", (IEnumerable<NodeAddress>)[new NodeAddress("third-1", 4053)])]);
        var refused = Assert.IsType<PrimeSwitchRefused>(Evaluate(layout, Request(Dr, "third"), Unreachable(Addresses(Main, 1), 300)));
        Assert.Equal(PrimeSwitchRefusal.NotCurrentPrime, refused.Reason);
        Assert.Equal("Site 'third' is not the prime site; the prime site is 'main' (epoch 0). Confirm that 'main' is down to switch away from it.", refused.Message);
    }

    [Fact]
    public void Refused_when_the_new_site_is_already_prime()
    {
        var refused = Assert.IsType<PrimeSwitchRefused>(Evaluate(Layout(1, 1), Request(Main, Main), []));
        Assert.Equal(PrimeSwitchRefusal.AlreadyPrime, refused.Reason);
        Assert.Equal("Site 'main' is already the prime site (epoch 0).", refused.Message);
    }

    [Fact]
    public void Refused_for_unknown_site_names()
    {
        var refused = Assert.IsType<PrimeSwitchRefused>(Evaluate(Layout(1, 1), Request("drr", Main), []));
        Assert.Equal(PrimeSwitchRefusal.UnknownSite, refused.Reason);
        Assert.Equal("Unknown site 'drr'; the configured sites are 'dr', 'main'.", refused.Message);
        Assert.Equal(PrimeSwitchRefusal.UnknownSite, Assert.IsType<PrimeSwitchRefused>(Evaluate(Layout(1, 1), Request(Dr, "mian"), [])).Reason);
    }

    [Fact]
    public void Refused_when_the_requesting_side_would_still_lack_quorum_naming_who_must_come_back_and_the_alternative()
    {
        // 3 + 3: main is down, and so is dr-3: dr-1 and dr-2 would have 2 of 6 even as prime.
        var unreachable = Unreachable(Addresses(Main, 3), 300);
        unreachable[Address(Dr, 3)] = TimeSpan.FromSeconds(300);

        var refused = Assert.IsType<PrimeSwitchRefused>(Evaluate(Layout(3, 3), Request(Dr, Main), unreachable));
        Assert.Equal(PrimeSwitchRefusal.NoQuorumAfterSwitch, refused.Reason);
        Assert.Equal(
            "Switching to 'dr' would not give this side quorum (no quorum: 2 of 6 members reachable, not more than half). " +
            $"To switch, bring back {Address(Dr, 3)}: with every member of 'dr', this side would have quorum: 3 of 6 members reachable, exactly half, with every member of prime site 'dr'. " +
            $"If {Address(Dr, 3)} is lost for good, shrink the layout instead: remove it from actorrealm.cluster.sites.dr.nodes, and as many nodes from 'main' " +
            "(which is down) so that the sites stay equal, on every node; restart the surviving nodes, then switch (docs/operations.md, \"Shrinking the layout after a lost node\").",
            refused.Message);
    }

    [Fact]
    public void Refused_when_the_new_prime_site_is_too_small_even_complete()
    {
        var refused = Assert.IsType<PrimeSwitchRefused>(Evaluate(Layout(3, 1), Request(Dr, Main), Unreachable(Addresses(Main, 3), 300)));

        Assert.Equal(PrimeSwitchRefusal.NoQuorumAfterSwitch, refused.Reason);
        Assert.StartsWith("Switching to 'dr' would not give this side quorum (no quorum: 1 of 4 members reachable, not more than half), not even with every member of 'dr'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("remove nodes of 'main' (which is down) from actorrealm.cluster.sites.main.nodes", refused.Message, StringComparison.Ordinal);
    }

    private static PrimeSwitchResult Evaluate(ClusterLayout layout, PrimeSwitchRequest request, Dictionary<NodeAddress, TimeSpan> unreachable) =>
        PrimeSwitchGuard.Evaluate(request, Current, layout, unreachable, Now, MinUnreachable);

    private static PrimeSwitchRequest Request(string newSite, string confirmDown) => new(newSite, confirmDown, "dr-1:4053 for admin", SwitchId);

    private static Dictionary<NodeAddress, TimeSpan> Unreachable(IEnumerable<NodeAddress> members, int seconds) =>
        members.ToDictionary(m => m, _ => TimeSpan.FromSeconds(seconds));
}
