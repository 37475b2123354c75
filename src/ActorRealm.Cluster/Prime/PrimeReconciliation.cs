namespace ActorRealm.Cluster.Prime;

/// <summary>What comparing the local prime state with a peer's showed.</summary>
public enum PrimeReconcileOutcome
{
    /// <summary>Both hold the same state.</summary>
    Same,

    /// <summary>The peer holds an older epoch; it will follow this node (and warn on its side).</summary>
    LocalNewer,

    /// <summary>The peer holds a newer epoch with the same prime site: this node catches up.</summary>
    CaughtUp,

    /// <summary>
    /// The peer holds a newer epoch with another prime site: this node followed a prime site the
    /// realm had switched away from. Possible split brain: warn loudly.
    /// </summary>
    SupersededDifferentPrime,

    /// <summary>
    /// The peer holds a newer epoch with another prime site, switched while this node was not
    /// serving (it was down, or without quorum): nothing it served can conflict. Information.
    /// </summary>
    SupersededWhileNotServing,

    /// <summary>
    /// Same epoch, same site, different switches: two switches to the same site were accepted
    /// concurrently. Harmless for quorum, but two operators acted at once: warn.
    /// </summary>
    DuplicateSwitch,

    /// <summary>
    /// Same epoch, different prime sites: two sides each switched (or were configured) differently.
    /// Split brain: the tie-break picks one deterministically; log at the loudest level.
    /// </summary>
    ConflictingSameEpoch,
}

/// <summary>How severe a reconciliation outcome is for logging.</summary>
public enum PrimeReconcileSeverity
{
    /// <summary>Nothing to report.</summary>
    None,

    /// <summary>Normal progress (information).</summary>
    Information,

    /// <summary>Possible split brain or concurrent operator action.</summary>
    Warning,

    /// <summary>Split brain: two prime sites in the same epoch.</summary>
    Critical,
}

/// <summary>When this node last served under a prime state: what tells a node that was down at a switch from one that served through it.</summary>
/// <param name="Epoch">The epoch it served in.</param>
/// <param name="At">The last time it is known to have served (recorded while serving, and when it stopped).</param>
public sealed record ServingRecord(long Epoch, DateTimeOffset At);

/// <summary>The outcome of reconciling the local prime state with a peer's.</summary>
/// <param name="Winner">The state every node follows: the higher epoch, tie-broken deterministically.</param>
/// <param name="Outcome">What the comparison showed, from the local node's point of view.</param>
/// <param name="Local">The local state before reconciling.</param>
/// <param name="Remote">The peer's state.</param>
public sealed record PrimeReconciliation(PrimeState Winner, PrimeReconcileOutcome Outcome, PrimeState Local, PrimeState Remote)
{
    /// <summary>When this node last served, as given to <see cref="Reconcile"/>.</summary>
    public ServingRecord? LastServed { get; init; }

    /// <summary>Whether the local node must log a split-brain warning.</summary>
    public bool RequiresSplitBrainWarning =>
        Outcome is PrimeReconcileOutcome.SupersededDifferentPrime or PrimeReconcileOutcome.ConflictingSameEpoch;

    /// <summary>The log level the outcome deserves.</summary>
    public PrimeReconcileSeverity Severity => Outcome switch
    {
        PrimeReconcileOutcome.Same => PrimeReconcileSeverity.None,
        PrimeReconcileOutcome.LocalNewer or PrimeReconcileOutcome.CaughtUp or PrimeReconcileOutcome.SupersededWhileNotServing => PrimeReconcileSeverity.Information,
        PrimeReconcileOutcome.ConflictingSameEpoch => PrimeReconcileSeverity.Critical,
        _ => PrimeReconcileSeverity.Warning,
    };

    /// <summary>A message naming both states, for the log.</summary>
    public string Message => Outcome switch
    {
        PrimeReconcileOutcome.Same => $"prime site {Local} agrees with the peer",
        PrimeReconcileOutcome.LocalNewer => $"peer holds older prime {Describe(Remote)}; it follows {Describe(Local)}",
        PrimeReconcileOutcome.CaughtUp => $"following newer prime {Describe(Remote)} (was {Describe(Local)})",
        PrimeReconcileOutcome.SupersededDifferentPrime =>
            $"SPLIT BRAIN POSSIBLE: this node followed prime {Describe(Local)} but the realm switched to {Describe(Remote)}; " +
            $"following epoch {Remote.Epoch}. Anything served here as prime '{Local.Site}' after {Remote.SwitchedAt:O} may conflict",
        PrimeReconcileOutcome.SupersededWhileNotServing =>
            $"following prime {Describe(Remote)} (was {Describe(Local)}): the switch happened while this node was not serving " +
            $"({(LastServed is { } served ? $"it last served in epoch {served.Epoch} at {served.At:O}" : "it has not served since it was set up")}, it was down or without quorum), so nothing it served conflicts",
        PrimeReconcileOutcome.DuplicateSwitch =>
            $"two switches to '{Local.Site}' were accepted in epoch {Local.Epoch}: {Describe(Local)} and {Describe(Remote)}; following {Describe(Winner)}",
        _ =>
            $"SPLIT BRAIN: two prime sites in epoch {Local.Epoch}: {Describe(Local)} here and {Describe(Remote)} at the peer; " +
            $"the tie-break follows {Describe(Winner)}. Writes accepted on the other side in this epoch may conflict; check both sites",
    };

    /// <summary>
    /// Reconciles the local state with a peer's. The winner is <see cref="PrimeState.Max"/>, so
    /// reconciling is commutative, associative and idempotent, and the higher epoch always wins.
    /// </summary>
    /// <param name="local">This node's state.</param>
    /// <param name="remote">The peer's state.</param>
    /// <param name="lastServed">
    /// When this node last served, or null when it never did: a switch away from its prime site after
    /// that time found it down or without quorum, which is expected (information), not a possible
    /// split brain (a warning). Without it (null and <paramref name="servedUnknown"/>) the warning stands.
    /// </param>
    /// <param name="servedUnknown">Whether this node cannot tell when it last served (no durable record).</param>
    public static PrimeReconciliation Reconcile(PrimeState local, PrimeState remote, ServingRecord? lastServed = null, bool servedUnknown = true)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        var winner = PrimeState.Max(local, remote);
        var sameSite = string.Equals(local.Site, remote.Site, StringComparison.Ordinal);
        var outcome = local.Epoch.CompareTo(remote.Epoch) switch
        {
            _ when local == remote => PrimeReconcileOutcome.Same,
            > 0 => PrimeReconcileOutcome.LocalNewer,
            < 0 when sameSite => PrimeReconcileOutcome.CaughtUp,
            < 0 when !servedUnknown && !ServedAfter(lastServed, local, remote.SwitchedAt) => PrimeReconcileOutcome.SupersededWhileNotServing,
            < 0 => PrimeReconcileOutcome.SupersededDifferentPrime,
            _ => sameSite ? PrimeReconcileOutcome.DuplicateSwitch : PrimeReconcileOutcome.ConflictingSameEpoch,
        };
        return new PrimeReconciliation(winner, outcome, local, remote) { LastServed = lastServed };
    }

    /// <summary>Whether this node served under <paramref name="local"/>'s epoch at or after <paramref name="switchedAt"/>.</summary>
    private static bool ServedAfter(ServingRecord? lastServed, PrimeState local, DateTimeOffset switchedAt) =>
        lastServed is { } served && served.Epoch == local.Epoch && served.At >= switchedAt;

    private static string Describe(PrimeState state) =>
        state.Epoch == 0
            ? $"'{state.Site}' (epoch 0, from configuration)"
            : $"'{state.Site}' (epoch {state.Epoch}, switched by {state.SwitchedBy} at {state.SwitchedAt:O}, switch {state.SwitchId})";
}
