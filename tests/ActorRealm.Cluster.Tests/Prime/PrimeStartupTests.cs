using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Prime;

public sealed class PrimeStartupTests
{
    [Fact]
    public void Without_a_stored_state_the_configured_site_is_prime_at_epoch_0()
    {
        var startup = PrimeStartup.Resolve(Main, null, Layout(1, 1));
        Assert.Equal(PrimeState.Initial(Main), startup.State);
        Assert.Equal(0, startup.State.Epoch);
        Assert.Null(startup.Warning);
    }

    [Fact]
    public void A_stored_switch_wins_over_the_configuration_with_a_warning()
    {
        var stored = PrimeState.Initial(Main).SwitchTo(Dr, "dr-1", DateTimeOffset.UnixEpoch.AddDays(1), Guid.NewGuid());
        var startup = PrimeStartup.Resolve(Main, stored, Layout(1, 1));
        Assert.Equal(stored, startup.State);
        Assert.StartsWith("The configuration names 'main' as prime site, but this node accepted a switch to 'dr' (epoch 1", startup.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_site_that_is_no_longer_configured_refuses_to_start()
    {
        var stored = new PrimeState("old", 3, "x", DateTimeOffset.UnixEpoch, Guid.Empty);
        var error = Assert.Throws<InvalidOperationException>(() => PrimeStartup.Resolve(Main, stored, Layout(1, 1)));
        Assert.StartsWith("The stored prime site 'old' (epoch 3) is not a configured site (dr, main).", error.Message, StringComparison.Ordinal);
    }
}
