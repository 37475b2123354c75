namespace ActorRealm.Persistence.Journal;

/// <summary>A consistent-enough view of a journal's write counters (each value is read atomically).</summary>
/// <param name="Transactions">Write transactions committed.</param>
/// <param name="FailedTransactions">Write transactions that failed (every request in them failed).</param>
/// <param name="Appends">Appends acknowledged as written.</param>
/// <param name="Events">Events acknowledged as written.</param>
/// <param name="Rejections">Requests rejected inside a transaction without writing (sequence conflicts).</param>
public sealed record JournalCounters(long Transactions, long FailedTransactions, long Appends, long Events, long Rejections);
