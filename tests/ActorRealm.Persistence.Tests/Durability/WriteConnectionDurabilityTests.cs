using ActorRealm.Persistence.Sqlite;
using ActorRealm.Persistence.Tests.Support;
using Akka.Actor;
using static ActorRealm.Persistence.Tests.Support.RecordingActor;

namespace ActorRealm.Persistence.Tests.Durability;

/// <summary>The durability every acknowledgement rests on, asked of the database on the connection the plugin actually writes on.</summary>
public sealed class WriteConnectionDurabilityTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(SqliteSynchronous.Full, "wal,2")]
    [InlineData(SqliteSynchronous.Normal, "wal,1")]
    public async Task Sqlite_journal_and_snapshot_writes_run_on_connections_in_wal_mode_with_the_configured_synchronous_level(SqliteSynchronous synchronous, string expected)
    {
        await using var location = new SqliteLocation();
        await using var systems = new StoreSystems(location);
        WriteConnectionProbe? journal = null;
        WriteConnectionProbe? snapshots = null;
        var system = await systems.StartAsync(
            s => s with { Sqlite = s.Sqlite with { Synchronous = synchronous } },
            parts =>
            {
                journal = new WriteConnectionProbe("PRAGMA journal_mode; PRAGMA synchronous;").AttachTo(parts, AkkaPersistenceSetup.JournalPluginId);
                snapshots = new WriteConnectionProbe("PRAGMA journal_mode; PRAGMA synchronous;").AttachTo(parts, AkkaPersistenceSetup.SnapshotPluginId);
            });

        PersistAndSnapshot(system);

        Assert.NotEmpty(journal!.Answers);
        Assert.All(journal.Answers, a => Assert.Equal(expected, a));
        Assert.NotEmpty(snapshots!.Answers);
        Assert.All(snapshots.Answers, a => Assert.Equal(expected, a));

        // The file itself is in WAL mode: bytes 18 and 19 of the header are 2 for WAL (1 for the rollback journal).
        var header = new byte[20];
        await using (var file = new FileStream(location.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            await file.ReadExactlyAsync(header);
        }

        Assert.Equal((2, 2), (header[18], header[19]));
    }

    [PostgresFact]
    public async Task Postgres_journal_writes_commit_synchronously_even_when_the_connection_string_asks_otherwise()
    {
        await using var location = new PostgresLocation();
        await using var systems = new StoreSystems(location);
        WriteConnectionProbe? journal = null;
        var system = await systems.StartAsync(
            s => s with { PostgreSql = s.PostgreSql with { ConnectionString = s.PostgreSql.ConnectionString + ";Options=-c synchronous_commit=off" } },
            parts => journal = new WriteConnectionProbe("SHOW synchronous_commit").AttachTo(parts, AkkaPersistenceSetup.JournalPluginId));

        PersistAndSnapshot(system);

        Assert.NotEmpty(journal!.Answers);
        Assert.All(journal.Answers, a => Assert.Equal("on", a));
    }

    private void PersistAndSnapshot(ActorSystem system)
    {
        var probe = CreateTestProbe(system);
        var actor = system.ActorOf(RecordingActor.Props("durable", probe.Ref));
        probe.ExpectMsg<Recovered>(Patience);
        actor.Tell(new PersistSequentially("d", 3));
        probe.ExpectMsg<Done>(Patience);
        actor.Tell(new TakeSnapshot());
        probe.ExpectMsg<Akka.Persistence.SaveSnapshotSuccess>(Patience);
    }
}
