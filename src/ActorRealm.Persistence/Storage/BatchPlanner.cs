using ActorRealm.Persistence.Journal;

namespace ActorRealm.Persistence.Storage;

/// <summary>What one group-commit transaction writes, decided before anything is written.</summary>
/// <param name="Appends">Accepted appends, in queue order.</param>
/// <param name="EventDeletes">Event deletions with the sequence number each deletes up to, clamped to the highest.</param>
/// <param name="SnapshotWrites">Snapshot saves and deletions, in queue order (their relative order matters).</param>
/// <param name="Rejections">Requests refused without writing, with the error each caller receives.</param>
/// <param name="Highest">The highest sequence number of every checked id once the plan is committed.</param>
internal sealed record BatchPlan(
    IReadOnlyList<AppendRequest> Appends,
    IReadOnlyList<(DeleteEventsRequest Request, long ToSequenceNr)> EventDeletes,
    IReadOnlyList<WriteRequest> SnapshotWrites,
    IReadOnlyDictionary<WriteRequest, Exception> Rejections,
    IReadOnlyDictionary<string, long> Highest)
{
    public int AcceptedEventCount => Appends.Sum(a => a.Events.Count);
}

/// <summary>
/// The pure decision logic of a group commit: given the highest stored sequence number of every persistence id the
/// batch touches (read inside the transaction), walk the requests in queue order, accept each append that follows
/// the highest so far and reject the others. A rejected append writes nothing and fails only its own caller.
/// </summary>
internal static class BatchPlanner
{
    /// <summary>The distinct persistence ids whose highest sequence number the plan needs.</summary>
    public static IReadOnlyList<string> PersistenceIdsToCheck(IReadOnlyList<WriteRequest> batch)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>();
        foreach (var request in batch)
        {
            var id = request switch
            {
                AppendRequest append => append.PersistenceId,
                DeleteEventsRequest delete => delete.PersistenceId,
                _ => null,
            };
            if (id is not null && ids.Add(id))
            {
                ordered.Add(id);
            }
        }

        return ordered;
    }

    /// <summary>
    /// The ids whose rejected appends were decided on numbers not read in this transaction (<paramref name="fresh"/>
    /// holds those that were): such a rejection must be re-checked against the database before it is reported.
    /// </summary>
    public static IReadOnlyList<string> RejectedOnCachedNumbers(BatchPlan plan, IReadOnlySet<string> fresh) =>
        plan.Rejections.Keys.OfType<AppendRequest>().Select(a => a.PersistenceId).Where(id => !fresh.Contains(id)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Plans <paramref name="batch"/> against <paramref name="highestStored"/> (missing ids count as 0).</summary>
    public static BatchPlan Plan(IReadOnlyList<WriteRequest> batch, IReadOnlyDictionary<string, long> highestStored)
    {
        var highest = new Dictionary<string, long>(highestStored, StringComparer.Ordinal);
        var appends = new List<AppendRequest>();
        var deletes = new List<(DeleteEventsRequest, long)>();
        var snapshots = new List<WriteRequest>();
        var rejections = new Dictionary<WriteRequest, Exception>();
        foreach (var request in batch)
        {
            switch (request)
            {
                case AppendRequest append:
                    var current = highest.GetValueOrDefault(append.PersistenceId);
                    if (append.FirstSequenceNr != current + 1)
                    {
                        rejections[append] = new SequenceConflictException(append.PersistenceId, append.FirstSequenceNr, current);
                        break;
                    }

                    highest[append.PersistenceId] = current + append.Events.Count;
                    appends.Add(append);
                    break;
                case DeleteEventsRequest delete:
                    deletes.Add((delete, Math.Min(delete.ToSequenceNr, highest.GetValueOrDefault(delete.PersistenceId))));
                    break;
                default:
                    snapshots.Add(request);
                    break;
            }
        }

        return new BatchPlan(appends, deletes, snapshots, rejections, highest);
    }
}
