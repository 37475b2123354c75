namespace ActorRealm.Cluster.Quorum;

/// <summary>
/// Tells that this process (or its host) was paused, a stopped process, a frozen virtual machine or a long
/// garbage collection, from a gap between its own regular observations longer than <c>budget</c>, and keeps it
/// settling for <c>budget</c> afterwards. While it settles, its failure detector's judgements date from before the
/// pause: members it marks unreachable may simply not have been heard while it slept, and the rest of the realm may
/// have downed it, switched the prime site or cut over meanwhile. So it claims no quorum until it has observed the
/// realm afresh for as long as any other member's absence must last to count (ADR 0084).
/// </summary>
/// <param name="LastObserved">When this node last observed (monotonic).</param>
/// <param name="PausedFor">How long the last pause lasted (zero before any).</param>
/// <param name="ResumedAt">When the last pause was noticed (monotonic).</param>
/// <param name="SettledAt">When the node has observed for long enough after the last pause.</param>
public sealed record PauseGuard(TimeSpan LastObserved, TimeSpan PausedFor, TimeSpan ResumedAt, TimeSpan SettledAt)
{
    /// <summary>A guard that starts observing at <paramref name="now"/>, with no pause seen.</summary>
    public static PauseGuard Start(TimeSpan now) => new(now, TimeSpan.Zero, now, now);

    /// <summary>
    /// An observation at <paramref name="now"/>: a gap since the last one longer than <paramref name="budget"/> is a
    /// pause, and the node settles for <paramref name="budget"/> from now.
    /// </summary>
    public PauseGuard Observe(TimeSpan now, TimeSpan budget)
    {
        var gap = now - LastObserved;
        return gap > budget ? new PauseGuard(now, gap, now, now + budget) : this with { LastObserved = now > LastObserved ? now : LastObserved };
    }

    /// <summary>Whether the node still settles after a pause at <paramref name="now"/>.</summary>
    public bool IsSettling(TimeSpan now) => now < SettledAt;
}
