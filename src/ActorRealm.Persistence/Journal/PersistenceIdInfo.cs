namespace ActorRealm.Persistence.Journal;

/// <summary>A persistence id known to the journal and its highest sequence number (kept even after deletion).</summary>
/// <param name="PersistenceId">The persistence id.</param>
/// <param name="HighestSequenceNr">The highest sequence number ever appended for it.</param>
public sealed record PersistenceIdInfo(string PersistenceId, long HighestSequenceNr);
