namespace ActorRealm.Remote.Tests;

public sealed class BackoffTests
{
    private static readonly BackoffSettings Settings = new()
    {
        MinBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(10),
        Jitter = 0.2,
    };

    [Fact]
    public void Doubles_from_the_minimum_up_to_the_cap_within_the_jitter_band()
    {
        var random = new Random(7);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var expected = Math.Min(10_000, 100 * Math.Pow(2, attempt));
            var delay = Settings.Delay(attempt, random).TotalMilliseconds;
            Assert.InRange(delay, expected * 0.8 - 0.001, expected * 1.2 + 0.001);
        }
    }

    [Fact]
    public void Jitter_spreads_delays_of_the_same_attempt()
    {
        var random = new Random(1);
        var delays = Enumerable.Range(0, 50).Select(_ => Settings.Delay(3, random)).Distinct().Count();
        Assert.True(delays > 40, $"only {delays} distinct delays");
    }

    [Fact]
    public void Without_jitter_the_delay_is_exact()
    {
        var exact = Settings with { Jitter = 0 };
        Assert.Equal(TimeSpan.FromMilliseconds(400), exact.Delay(2, new Random(3)));
    }

    [Fact]
    public void Settings_validation_names_the_bad_keys()
    {
        var errors = new RemoteSettings { Reconnect = Settings with { MaxBackoff = TimeSpan.FromMilliseconds(1) } }.Validate();
        Assert.Contains(errors, e => e.Contains("min-backoff", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("join-secret", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("transport.tls", StringComparison.Ordinal));
    }
}
