using ActorRealm.Persistence.Tests.Support;
using Akka.Actor;
using static ActorRealm.Persistence.Tests.Support.RecordingActor;

namespace ActorRealm.Persistence.Tests;

/// <summary>The read-only view behind <c>actorrealm journal inspect</c>.</summary>
public sealed class JournalInspectorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Lists_ids_with_highest_sequence_numbers_and_stored_events_while_a_node_runs_on_the_file()
    {
        await using var location = new SqliteLocation();
        await using var systems = new StoreSystems(location);
        var system = await systems.StartAsync();
        var probe = CreateTestProbe(system);
        var b = system.ActorOf(RecordingActor.Props("b", probe.Ref));
        var a = system.ActorOf(RecordingActor.Props("a", probe.Ref));
        probe.ReceiveN(2, Patience);
        b.Tell(new PersistSequentially("b", 5));
        a.Tell(new PersistSequentially("a", 2));
        probe.ReceiveN(2, Patience);
        b.Tell(new DeleteTo(3));
        probe.ExpectMsg<Akka.Persistence.DeleteMessagesSuccess>(Patience);
        var before = File.GetLastWriteTimeUtc(location.FilePath);

        var inspection = await JournalInspector.InspectAsync(location.Settings(), location.DataDirectory);

        Assert.Equal(location.FilePath, inspection.Store);
        Assert.Equal([new PersistenceIdSummary("a", 2, 2), new PersistenceIdSummary("b", 5, 2)], inspection.PersistenceIds);
        Assert.Equal(before, File.GetLastWriteTimeUtc(location.FilePath));
    }

    [Fact]
    public async Task A_missing_store_file_is_reported_and_nothing_is_created()
    {
        await using var location = new SqliteLocation();
        var dataDirectory = Path.Combine(location.DataDirectory!, "absent");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => JournalInspector.InspectAsync(location.Settings(), dataDirectory));

        Assert.Contains(Path.Combine(dataDirectory, "journal.db"), error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory));
    }

    [PostgresFact]
    public async Task A_missing_postgres_schema_is_reported_and_not_created()
    {
        await using var location = new PostgresLocation();

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => JournalInspector.InspectAsync(location.Settings(), null));

        Assert.Contains("holds no ActorRealm store", error.Message, StringComparison.Ordinal);
        Assert.Null(await PostgresTestServer.ScalarAsync($"SELECT 1 FROM pg_namespace WHERE nspname = '{location.Schema}'"));
    }
}
