namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// Test-only switches for the rules that keep replication safe. Production code always uses
/// <see cref="All"/>; the simulator turns one off at a time to prove that it notices.
/// </summary>
/// <param name="ElectionRestriction">A vote (or pre-vote) goes only to a candidate whose log is at least as up to date.</param>
/// <param name="MajorityForCommit">Commit (and so acknowledgement) needs a majority of the set's durable copies; off: the leader's own copy suffices.</param>
/// <param name="EpochCheck">A message from a lower epoch is refused; off: it is handled as if it were current.</param>
/// <param name="CompactOnlyWhatStandbyHolds">A primary server compacts only entries the standby set holds; off: any committed entry.</param>
internal sealed record SafetySwitches(bool ElectionRestriction = true, bool MajorityForCommit = true, bool EpochCheck = true, bool CompactOnlyWhatStandbyHolds = true)
{
    /// <summary>Every rule on.</summary>
    public static SafetySwitches All { get; } = new();
}
