using System.Text;
using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.Snapshots;
using ActorRealm.Persistence.Storage;

namespace ActorRealm.Persistence.Tests.Storage;

public sealed class BatchPlannerTests
{
    private static readonly Dictionary<string, long> Nothing = [];

    [Fact]
    public void Appends_that_follow_the_highest_are_accepted_in_queue_order_across_the_batch()
    {
        var first = Append("a", 1, 2);
        var second = Append("a", 3, 1);
        var other = Append("b", 6, 1);

        var plan = BatchPlanner.Plan([first, second, other], new Dictionary<string, long> { ["b"] = 5 });

        Assert.Equal([first, second, other], plan.Appends);
        Assert.Empty(plan.Rejections);
        Assert.Equal(4, plan.AcceptedEventCount);
    }

    [Fact]
    public void A_conflicting_append_is_rejected_alone_and_does_not_advance_the_highest()
    {
        var ok = Append("a", 1, 1);
        var duplicate = Append("a", 1, 1);
        var next = Append("a", 2, 1);
        var gap = Append("a", 9, 1);

        var plan = BatchPlanner.Plan([ok, duplicate, next, gap], Nothing);

        Assert.Equal([ok, next], plan.Appends);
        var conflict = Assert.IsType<SequenceConflictException>(plan.Rejections[duplicate]);
        Assert.Equal((1L, 1L), (conflict.FirstSequenceNr, conflict.HighestSequenceNr));
        Assert.Equal(2, Assert.IsType<SequenceConflictException>(plan.Rejections[gap]).HighestSequenceNr);
    }

    [Fact]
    public void Deletes_are_clamped_to_the_highest_known_when_they_were_queued()
    {
        var delete = new DeleteEventsRequest("a", long.MaxValue);
        var append = Append("a", 4, 1);

        var plan = BatchPlanner.Plan([delete, append], new Dictionary<string, long> { ["a"] = 3 });

        Assert.Equal(3, Assert.Single(plan.EventDeletes).ToSequenceNr);
        Assert.Equal([append], plan.Appends);
    }

    [Fact]
    public void Snapshot_writes_keep_their_queue_order_and_ids_to_check_are_distinct()
    {
        var save = new SaveSnapshotRequest(new SnapshotMetadata("s", 1, DateTimeOffset.UnixEpoch), [], "m");
        var delete = new DeleteSnapshotsRequest("s", SnapshotSelectionCriteria.Latest);
        WriteRequest[] batch = [Append("a", 1, 1), save, Append("a", 2, 1), delete, new DeleteEventsRequest("b", 1)];

        var plan = BatchPlanner.Plan(batch, Nothing);

        Assert.Equal([save, delete], plan.SnapshotWrites);
        Assert.Equal(["a", "b"], BatchPlanner.PersistenceIdsToCheck(batch));
    }

    [Fact]
    public void Only_rejections_decided_on_remembered_numbers_are_rechecked()
    {
        var cached = Append("cached", 5, 1);
        var fresh = Append("fresh", 5, 1);

        var plan = BatchPlanner.Plan([cached, fresh, Append("fresh", 9, 1)], new Dictionary<string, long> { ["cached"] = 1, ["fresh"] = 1 });

        Assert.Equal(["cached"], BatchPlanner.RejectedOnCachedNumbers(plan, new HashSet<string> { "fresh" }));
        Assert.Equal(1, plan.Highest["cached"]);
    }

    [Fact]
    public void The_highest_number_cache_remembers_commits_and_starts_over_when_full()
    {
        var cache = new HighestSequenceCache(capacity: 3);
        cache.Remember(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 });
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1 }, cache.Known(["a", "z"]));

        cache.Remember(new Dictionary<string, long> { ["c"] = 3, ["d"] = 4 });

        Assert.Equal(2, cache.Count);
        Assert.Empty(cache.Known(["a", "b"]));
        cache.Clear();
        Assert.Equal(0, cache.Count);
    }

    private static AppendRequest Append(string id, long first, int count) =>
        new(id, first, Enumerable.Range(0, count).Select(i => new EventData(Encoding.UTF8.GetBytes($"{i}"), "m")).ToList(), new string?[count]);
}
