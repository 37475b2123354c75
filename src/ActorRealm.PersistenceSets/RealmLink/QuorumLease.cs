namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// What a persistence server may believe about its side's quorum (ADR 0071): the realm server's latest
/// <see cref="RealmQuorumVerdict"/>, valid for <see cref="Duration"/> after it arrived. Without a fresh verdict the
/// server assumes no quorum, so a primary leader cut off from its realm server stops before the other site can be
/// confirmed down (the lease is shorter than <c>prime-switch.min-unreachable</c>). Pure: the caller passes the time,
/// read from a monotonic clock.
/// </summary>
/// <param name="Duration">How long a verdict stays valid.</param>
/// <param name="Verdict">The latest verdict, or null before the first.</param>
/// <param name="ReceivedAt">When it arrived, on the caller's monotonic clock.</param>
public sealed record QuorumLease(TimeSpan Duration, RealmQuorumVerdict? Verdict = null, TimeSpan ReceivedAt = default)
{
    /// <summary>The lease renewed (or ended, when the verdict says no quorum) by <paramref name="verdict"/>.</summary>
    public QuorumLease Renew(RealmQuorumVerdict verdict, TimeSpan now) => this with { Verdict = verdict, ReceivedAt = now };

    /// <summary>The lease when the link to the realm server is lost: no verdict to rely on.</summary>
    public QuorumLease Lost() => this with { Verdict = null };

    /// <summary>Whether the server's side has quorum at <paramref name="now"/>, as far as the lease tells.</summary>
    public bool HasQuorum(TimeSpan now) => Verdict is { HasQuorum: true } && !Expired(now);

    /// <summary>Why the lease gives (or does not give) quorum at <paramref name="now"/>, for logs and status.</summary>
    public string Explain(TimeSpan now) => Verdict switch
    {
        null => "no quorum: no verdict from a realm server of this site",
        _ when Expired(now) => $"no quorum: the last verdict from realm server '{Verdict.RealmServer}' is {Format(now - ReceivedAt)} old (lease {Format(Duration)})",
        { HasQuorum: true } => $"quorum, from realm server '{Verdict.RealmServer}': {Verdict.Explanation}",
        _ => $"no quorum, from realm server '{Verdict.RealmServer}': {Verdict.Explanation}",
    };

    private bool Expired(TimeSpan now) => now - ReceivedAt >= Duration;

    private static string Format(TimeSpan span) => $"{span.TotalSeconds:0.0} s";
}
