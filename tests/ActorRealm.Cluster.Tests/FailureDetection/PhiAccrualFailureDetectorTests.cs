using ActorRealm.Cluster.FailureDetection;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRealm.Cluster.Tests.FailureDetection;

/// <summary>The phi-accrual detector on scripted heartbeat timelines (virtual time).</summary>
public sealed class PhiAccrualFailureDetectorTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void Before_the_first_heartbeat_phi_is_zero_and_the_node_is_available()
    {
        var detector = Detector();
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, detector.Phi());
        Assert.True(detector.IsAvailable());
        Assert.False(detector.IsMonitoring);
    }

    [Fact]
    public void Phi_uses_the_normal_distribution_logistic_approximation()
    {
        // One standard deviation above the mean: 1 - CDF(1) = 0.1587, so phi = 0.7995.
        Assert.Equal(0.7995, PhiAccrualFailureDetector.Phi(1100, 1000, 100), 3);
        Assert.Equal(-Math.Log10(0.5), PhiAccrualFailureDetector.Phi(1000, 1000, 100), 6);
        Assert.True(PhiAccrualFailureDetector.Phi(0, 1000, 100) < 1e-10);
    }

    [Fact]
    public void Regular_heartbeats_keep_the_node_available_until_the_acceptable_pause_has_passed()
    {
        var detector = Detector();
        Beat(detector, Enumerable.Repeat(1000.0, 20));

        _time.AdvanceMs(1000);
        Assert.True(detector.Phi() < 0.01);
        _time.AdvanceMs(3400);
        Assert.True(detector.IsAvailable(), $"phi {detector.Phi()} at 4.4 s");

        // mean 1 s + pause 3 s, deviation clamped to 100 ms: phi passes 8 at about 4.56 s.
        _time.AdvanceMs(300);
        Assert.False(detector.IsAvailable(), $"phi {detector.Phi()} at 4.7 s");
    }

    [Fact]
    public void Without_an_acceptable_pause_the_same_silence_is_suspected_much_sooner()
    {
        var detector = Detector(OneSecond with { AcceptableHeartbeatPause = TimeSpan.Zero });
        Beat(detector, Enumerable.Repeat(1000.0, 20));
        _time.AdvanceMs(1700);
        Assert.False(detector.IsAvailable(), $"phi {detector.Phi()} at 1.7 s");
    }

    [Fact]
    public void Jittery_heartbeats_widen_the_distribution()
    {
        var detector = Detector();
        Beat(detector, Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 500.0 : 1500.0));
        Assert.InRange(detector.History!.StdDeviation, 480, 500); // the two seeded samples pull it a little towards the estimate

        // mean 1 s + pause 3 s, deviation 500 ms: phi passes 8 at about 6.8 s.
        _time.AdvanceMs(6000);
        Assert.True(detector.IsAvailable(), $"phi {detector.Phi()} at 6 s");
        _time.AdvanceMs(1500);
        Assert.False(detector.IsAvailable(), $"phi {detector.Phi()} at 7.5 s");
    }

    [Fact]
    public void After_heartbeats_stop_phi_never_decreases()
    {
        var detector = Detector();
        Beat(detector, Enumerable.Repeat(1000.0, 10));
        var previous = 0.0;
        for (var i = 0; i < 600; i++)
        {
            _time.AdvanceMs(100);
            var phi = detector.Phi();
            Assert.True(phi >= previous, $"phi fell from {previous} to {phi} at {(i + 1) * 100} ms");
            previous = phi;
        }

        Assert.False(detector.IsAvailable());
        Assert.True(previous > 8);
    }

    [Fact]
    public void Phi_never_decreases_while_silent_for_any_timeline() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(
            Gen.Choose(50, 3000).ListOf().Select(l => l.ToArray()).ToArbitrary(),
            intervals =>
            {
                var detector = Detector();
                Beat(detector, intervals.Select(i => (double)i));
                var now = _time.GetTimestamp();
                var previous = -1.0;
                for (var ms = 0; ms <= 20_000; ms += 50)
                {
                    var phi = detector.Phi(now + (ms * TimeSpan.TicksPerMillisecond));
                    if (phi < previous)
                    {
                        return false;
                    }

                    previous = phi;
                }

                return true;
            }));

    [Fact]
    public void The_interval_of_an_outage_is_not_learned()
    {
        var detector = Detector();
        Beat(detector, Enumerable.Repeat(1000.0, 10));
        var before = detector.History!;

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(detector.IsAvailable());
        detector.Heartbeat();

        Assert.Same(before, detector.History);
        Assert.True(detector.IsAvailable());
    }

    [Fact]
    public void History_keeps_at_most_max_sample_size_intervals()
    {
        var history = HeartbeatHistory.Empty(3).Add(10).Add(20).Add(30).Add(40);
        Assert.Equal(3, history.Count);
        Assert.Equal(30, history.Mean);
        Assert.Equal(Math.Sqrt(200.0 / 3), history.StdDeviation, 9);
    }

    [Fact]
    public void Invalid_settings_are_refused_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => Detector(new FailureDetectorSettings { Threshold = 0, MinStdDeviation = TimeSpan.Zero }));
        Assert.Contains("actorrealm.cluster.failure-detector.threshold must be a positive number", error.Message, StringComparison.Ordinal);
        Assert.Contains("actorrealm.cluster.failure-detector.min-std-deviation must be positive", error.Message, StringComparison.Ordinal);
    }

    // These timelines beat every second (Akka's interval), so the first estimate is one second too.
    private static readonly FailureDetectorSettings OneSecond = new() { HeartbeatInterval = TimeSpan.FromSeconds(1), FirstHeartbeatEstimate = TimeSpan.FromSeconds(1) };

    private PhiAccrualFailureDetector Detector(FailureDetectorSettings? settings = null) => new(settings ?? OneSecond, _time);

    private void Beat(PhiAccrualFailureDetector detector, IEnumerable<double> intervalsMs)
    {
        detector.Heartbeat();
        foreach (var interval in intervalsMs)
        {
            _time.AdvanceMs(interval);
            detector.Heartbeat();
        }
    }
}
