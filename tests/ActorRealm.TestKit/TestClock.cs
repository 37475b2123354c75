using ActorRealm.Actors.Deterministic;

namespace ActorRealm.TestKit;

/// <summary>
/// How a test waits: in real time (blocking with a deadline, never sleeping blindly) or in virtual
/// time (running the <see cref="Simulation"/> until the condition holds or the virtual deadline
/// passes). Shared by a <see cref="TestKitBase"/> and its probes, with the current
/// <see cref="TestKitBase.Within(TimeSpan, Action)"/> deadline.
/// </summary>
public sealed class TestClock
{
    private readonly Stack<TimeSpan> _withinEnds = new();

    /// <summary>A real-time clock with the given default timeout (dilated by <see cref="TestTimeouts.Factor"/>).</summary>
    public TestClock(TimeSpan? defaultTimeout = null)
    {
        DefaultTimeout = TestTimeouts.Dilated(defaultTimeout ?? TestTimeouts.DefaultTimeout);
    }

    /// <summary>A virtual-time clock driving <paramref name="simulation"/> (timeouts are virtual, not dilated).</summary>
    public TestClock(Simulation simulation, TimeSpan? defaultTimeout = null)
    {
        Simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
        DefaultTimeout = defaultTimeout ?? TestTimeouts.DefaultTimeout;
    }

    /// <summary>The simulation in virtual-time mode, else null.</summary>
    public Simulation? Simulation { get; }

    /// <summary>The timeout of expectations that give none.</summary>
    public TimeSpan DefaultTimeout { get; }

    /// <summary>The time now (virtual elapsed time, or real monotonic time).</summary>
    public TimeSpan Now => Simulation is { } sim ? sim.Time.Elapsed : TimeProvider.System.GetElapsedTime(0);

    /// <summary>Time left until the innermost Within deadline, or the default timeout.</summary>
    public TimeSpan Remaining => _withinEnds.Count > 0 ? Max(TimeSpan.Zero, _withinEnds.Peek() - Now) : DefaultTimeout;

    /// <summary>The timeout to use: the one given, capped by the Within deadline; else <see cref="Remaining"/>.</summary>
    public TimeSpan Resolve(TimeSpan? timeout) =>
        timeout is { } t ? (_withinEnds.Count > 0 ? Min(t, Remaining) : t) : Remaining;

    /// <summary>Waits until <paramref name="condition"/> holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public bool WaitFor(Func<bool> condition, TimeSpan timeout, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (Simulation is { } sim)
        {
            return sim.RunUntil(condition, timeout);
        }

        var end = Now + timeout;
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(10);
        using var idle = new ManualResetEventSlim(false);
        while (!condition())
        {
            var left = end - Now;
            if (left <= TimeSpan.Zero)
            {
                return condition();
            }

            // Bounded poll of a condition nothing signals: wait at most one interval, then look again.
            idle.Wait(Min(interval, left));
        }

        return true;
    }

    internal void PushWithin(TimeSpan end) => _withinEnds.Push(end);

    internal void PopWithin() => _withinEnds.Pop();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>Test timeouts, scaled for slow machines by the environment variable <c>ACTORREALM_TEST_TIMEFACTOR</c>.</summary>
public static class TestTimeouts
{
    /// <summary>The environment variable holding the factor (e.g. <c>2.5</c>).</summary>
    public const string FactorVariable = "ACTORREALM_TEST_TIMEFACTOR";

    /// <summary>The default expectation timeout before scaling.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(3);

    /// <summary>The factor (1 unless the variable holds a positive number).</summary>
    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable(FactorVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1.0;

    /// <summary>Scales a real-time duration by <see cref="Factor"/>.</summary>
    public static TimeSpan Dilated(TimeSpan duration) => duration * Factor;
}
