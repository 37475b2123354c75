using ActorRealm.Persistence.Snapshots;
using ActorRealm.Persistence.Tests.Support;

namespace ActorRealm.Persistence.Tests.Storage;

/// <summary>What every snapshot store provider must do. Subclassed once per provider.</summary>
public abstract class SnapshotStoreConformanceTests : StoreTestBase
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ISnapshotStore Snapshots => Store.SnapshotStore;

    [StoreFact]
    public async Task Load_returns_the_latest_snapshot_with_its_metadata_payload_and_manifest()
    {
        await Snapshots.SaveAsync(new("a", 5, T0), [5], "state.v1");
        await Snapshots.SaveAsync(new("a", 10, T0.AddSeconds(1)), [10], "state.v2");
        await Snapshots.SaveAsync(new("b", 20, T0), [20], "state.v1");

        var latest = await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest);

        Assert.NotNull(latest);
        Assert.Equal(new SnapshotMetadata("a", 10, T0.AddSeconds(1)), latest.Metadata);
        Assert.Equal([10], latest.Payload);
        Assert.Equal("state.v2", latest.Manifest);
    }

    [StoreFact]
    public async Task Load_with_no_match_returns_null()
    {
        Assert.Null(await Snapshots.LoadAsync("nobody", SnapshotSelectionCriteria.Latest));
        await Snapshots.SaveAsync(new("a", 5, T0), [5], "m");
        Assert.Null(await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.None));
    }

    [StoreFact]
    public async Task Criteria_bound_the_sequence_number_and_timestamp()
    {
        await Snapshots.SaveAsync(new("a", 5, T0), [5], "m");
        await Snapshots.SaveAsync(new("a", 10, T0.AddMinutes(10)), [10], "m");
        await Snapshots.SaveAsync(new("a", 15, T0.AddMinutes(20)), [15], "m");

        Assert.Equal(10, (await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.UpTo(14)))!.Metadata.SequenceNr);
        Assert.Equal(5, (await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest with { MaxTimestamp = T0.AddMinutes(5) }))!.Metadata.SequenceNr);
        Assert.Null(await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest with { MinSequenceNr = 16 }));
        Assert.Equal(15, (await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest with { MinTimestamp = T0.AddMinutes(15) }))!.Metadata.SequenceNr);
    }

    [StoreFact]
    public async Task Saving_at_the_same_sequence_number_replaces_the_snapshot()
    {
        await Snapshots.SaveAsync(new("a", 5, T0), [1], "old");
        await Snapshots.SaveAsync(new("a", 5, T0.AddSeconds(1)), [2], "new");

        var loaded = await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest);
        Assert.Equal([2], loaded!.Payload);
        Assert.Equal("new", loaded.Manifest);
    }

    [StoreFact]
    public async Task Deleting_one_or_by_criteria_removes_only_the_selected_snapshots()
    {
        foreach (var seq in new long[] { 5, 10, 15, 20 })
        {
            await Snapshots.SaveAsync(new("a", seq, T0), [(byte)seq], "m");
        }

        await Snapshots.SaveAsync(new("b", 10, T0), [1], "m");

        await Snapshots.DeleteAsync("a", 20);
        Assert.Equal(15, (await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest))!.Metadata.SequenceNr);

        await Snapshots.DeleteAsync("a", SnapshotSelectionCriteria.UpTo(10));
        Assert.Equal(15, (await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest))!.Metadata.SequenceNr);
        Assert.Null(await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.UpTo(14)));
        Assert.NotNull(await Snapshots.LoadAsync("b", SnapshotSelectionCriteria.Latest));
    }

    [StoreFact]
    public async Task A_large_snapshot_round_trips_byte_for_byte()
    {
        var payload = new byte[3 * 1024 * 1024];
        new Random(42).NextBytes(payload);

        await Snapshots.SaveAsync(new("a", 1, T0), payload, "big");

        Assert.Equal(payload, (await Snapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest))!.Payload);
    }
}

public sealed class SqliteSnapshotStoreConformanceTests : SnapshotStoreConformanceTests
{
    protected override IStoreLocation CreateLocation() => new SqliteLocation();
}

[RequiresPostgres]
public sealed class PostgresSnapshotStoreConformanceTests : SnapshotStoreConformanceTests
{
    protected override IStoreLocation CreateLocation() => new PostgresLocation();
}
