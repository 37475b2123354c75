using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Tests;

/// <summary>The pause guard on virtual time: a gap in a node's own observations longer than the budget is a pause.</summary>
public sealed class PauseGuardTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3.5);

    [Fact]
    public void Regular_observations_never_settle_however_long_they_go_on()
    {
        var guard = PauseGuard.Start(TimeSpan.Zero);
        for (var ms = 500; ms <= 600_000; ms += 500)
        {
            guard = guard.Observe(TimeSpan.FromMilliseconds(ms), Budget);
            Assert.False(guard.IsSettling(TimeSpan.FromMilliseconds(ms)));
        }

        Assert.Equal(TimeSpan.Zero, guard.PausedFor);
    }

    [Fact]
    public void A_gap_of_exactly_the_budget_is_not_a_pause_and_a_longer_one_is()
    {
        var start = PauseGuard.Start(TimeSpan.FromSeconds(10));

        Assert.False(start.Observe(TimeSpan.FromSeconds(13.5), Budget).IsSettling(TimeSpan.FromSeconds(13.5)));
        var paused = start.Observe(TimeSpan.FromSeconds(13.6), Budget);
        Assert.True(paused.IsSettling(TimeSpan.FromSeconds(13.6)));
        Assert.Equal(TimeSpan.FromSeconds(3.6), paused.PausedFor);
    }

    [Fact]
    public void After_a_pause_the_node_settles_for_the_budget_then_is_settled()
    {
        var guard = PauseGuard.Start(TimeSpan.FromSeconds(1)).Observe(TimeSpan.FromSeconds(26), Budget);

        Assert.Equal(TimeSpan.FromSeconds(25), guard.PausedFor);
        Assert.Equal(TimeSpan.FromSeconds(26), guard.ResumedAt);
        for (var ms = 26_500; ms < 29_500; ms += 500)
        {
            guard = guard.Observe(TimeSpan.FromMilliseconds(ms), Budget);
            Assert.True(guard.IsSettling(TimeSpan.FromMilliseconds(ms)));
            Assert.Equal(TimeSpan.FromSeconds(29.5), guard.SettledAt);
        }

        guard = guard.Observe(TimeSpan.FromSeconds(29.5), Budget);
        Assert.False(guard.IsSettling(TimeSpan.FromSeconds(29.5)));
        // The last pause is still told, for the log.
        Assert.Equal(TimeSpan.FromSeconds(25), guard.PausedFor);
    }

    [Fact]
    public void A_second_pause_while_settling_starts_the_settling_again()
    {
        var guard = PauseGuard.Start(TimeSpan.Zero).Observe(TimeSpan.FromSeconds(10), Budget).Observe(TimeSpan.FromSeconds(15), Budget);

        Assert.Equal(TimeSpan.FromSeconds(5), guard.PausedFor);
        Assert.True(guard.IsSettling(TimeSpan.FromSeconds(18)));
        Assert.False(guard.IsSettling(TimeSpan.FromSeconds(18.5)));
    }

    [Fact]
    public void Observations_from_several_threads_out_of_order_do_not_move_the_clock_back()
    {
        var guard = PauseGuard.Start(TimeSpan.Zero).Observe(TimeSpan.FromSeconds(3), Budget).Observe(TimeSpan.FromSeconds(2.9), Budget);

        Assert.Equal(TimeSpan.FromSeconds(3), guard.LastObserved);
        Assert.False(guard.Observe(TimeSpan.FromSeconds(6.4), Budget).IsSettling(TimeSpan.FromSeconds(6.4)));
    }
}
