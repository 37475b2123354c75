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

/// <summary>The outcome of reconciling the local prime state with a peer's.</summary>
/// <param name="Winner">The state every node follows: the higher epoch, tie-broken deterministically.</param>
/// <param name="Outcome">What the comparison showed, from the local node's point of view.</param>
/// <param name="Local">The local state before reconciling.</param>
/// <param name="Remote">The peer's state.</param>
public sealed record PrimeReconciliation(PrimeState Winner, PrimeReconcileOutcome Outcome, PrimeState Local, PrimeState Remote)
{
    /// <summary>Whether the local node must log a split-brain warning.</summary>
    public bool RequiresSplitBrainWarning =>
        Outcome is PrimeReconcileOutcome.SupersededDifferentPrime or PrimeReconcileOutcome.ConflictingSameEpoch;

    /// <summary>The log level the outcome deserves.</summary>
    public PrimeReconcileSeverity Severity => Outcome switch
    {
        PrimeReconcileOutcome.Same => PrimeReconcileSeverity.None,
        PrimeReconcileOutcome.LocalNewer or PrimeReconcileOutcome.CaughtUp => PrimeReconcileSeverity.Information,
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
    public static PrimeReconciliation Reconcile(PrimeState local, PrimeState remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        var winner = PrimeState.Max(local, remote);
        var sameSite = string.Equals(local.Site, remote.Site, StringComparison.Ordinal);
        var outcome = local.Epoch.CompareTo(remote.Epoch) switch
        {
            _ when local == remote => PrimeReconcileOutcome.Same,
            > 0 => PrimeReconcileOutcome.LocalNewer,
            < 0 => sameSite ? PrimeReconcileOutcome.CaughtUp : PrimeReconcileOutcome.SupersededDifferentPrime,
            _ => sameSite ? PrimeReconcileOutcome.DuplicateSwitch : PrimeReconcileOutcome.ConflictingSameEpoch,
        };
        return new PrimeReconciliation(winner, outcome, local, remote);
    }

    private static string Describe(PrimeState state) =>
        state.Epoch == 0
            ? $"'{state.Site}' (epoch 0, from configuration)"
            : $"'{state.Site}' (epoch {state.Epoch}, switched by {state.SwitchedBy} at {state.SwitchedAt:O}, switch {state.SwitchId})";
}
