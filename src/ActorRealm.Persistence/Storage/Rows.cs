using System.Data.Common;
using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.Snapshots;

namespace ActorRealm.Persistence.Storage;

/// <summary>Reads journal and snapshot rows; both providers select the same columns in the same order.</summary>
internal static class Rows
{
    /// <summary>The event columns every event query selects, in this order.</summary>
    public const string EventColumns = "ordering, persistence_id, sequence_nr, manifest, payload, tags, written_at";

    /// <summary>The snapshot columns every snapshot query selects, in this order.</summary>
    public const string SnapshotColumns = "persistence_id, sequence_nr, created_at, manifest, payload";

    public static PersistedEvent ReadEvent(DbDataReader reader) => new(
        PersistenceId: reader.GetString(1),
        SequenceNr: reader.GetInt64(2),
        Ordering: reader.GetInt64(0),
        Payload: (byte[])reader.GetValue(4),
        Manifest: reader.GetString(3),
        Tags: Tags.FromJson(reader.IsDBNull(5) ? null : reader.GetString(5)),
        Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));

    public static SelectedSnapshot ReadSnapshot(DbDataReader reader) => new(
        new SnapshotMetadata(reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))),
        (byte[])reader.GetValue(4),
        reader.GetString(3));

    public static async Task<List<PersistedEvent>> ReadEventsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var events = new List<PersistedEvent>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(ReadEvent(reader));
            }
        }

        return events;
    }

    public static async Task<List<PersistenceIdInfo>> ReadPersistenceIdsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<PersistenceIdInfo>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(new PersistenceIdInfo(reader.GetString(0), reader.GetInt64(1)));
            }
        }

        ids.Sort((a, b) => string.CompareOrdinal(a.PersistenceId, b.PersistenceId));
        return ids;
    }
}
