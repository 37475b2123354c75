using ActorRealm.Client;
using ActorRealm.Contracts.Persistence;
using ActorRealm.Server.Tests.Support;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Server;
using Microsoft.Data.Sqlite;
using Akka.Actor;
using Xunit.Abstractions;
using static ActorRealm.Server.Tests.Support.PersistenceSetsRealm;

namespace ActorRealm.Server.Tests;

/// <summary>
/// Retention and compaction on real persistence servers (SQLite journals): the primary leader's trims reach every
/// server, a durable subscription that fell behind is told and shown, the logs are compacted and a restarted server
/// recovers from its snapshot.
/// </summary>
/// <remarks>
/// Its own realm: the oldest readable message of any channel bounds compaction (ADR 0075), so the unlimited channels
/// of the tests that share a realm would hold it back.
/// </remarks>
public sealed class RetentionAndCompactionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Channel = "retained.orders";

    private PersistenceSetsRealm Realm { get; } = PersistenceSetsRealm.Create(
        // compact-after = 1: the trims come while the test publishes, and a compaction in between could leave fewer than
        // compact-after entries before the oldest kept message, which would then wait for more traffic.
        """retention { check-interval = 200ms, compact-after = 1, channels = [ { match = "retained.*", max-messages = 30 } ] }""");

    public async Task InitializeAsync()
    {
        await Realm.StartNodesAsync("main-1", "dr-1");
        await Realm.StartServersAsync([.. SetA, .. SetB]);
        await Realm.LeaderAsync(SetA);
    }

    public async Task DisposeAsync() => await Realm.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task A_channel_keeps_its_last_messages_a_slow_subscription_is_told_what_it_lost_and_a_restarted_server_recovers_from_its_snapshot()
    {
        await using var client = RealmClient.Start(new RealmClientSettings
        {
            Realm = PersistenceSetsRealm.Name, ContactPoints = Realm.ContactPoints, Tls = Realm.ClientTls, Hostname = "127.0.0.1", RequestTimeout = TimeSpan.FromSeconds(1.5),
        });
        await PublishAsync(client, 1, 10);
        var slow = await client.SubscribeAsync(Channel, "slow");
        Assert.Equal(5, (await slow.ReadAsync(5)).Count);
        await slow.CommitAsync();
        await PublishAsync(client, 11, 100);

        // The limit is 30 messages: every server drops offsets 0 to 69 once the leader's trim is committed.
        var servers = Realm.Servers.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var server in servers)
        {
            var read = await Eventually.Until(
                async () => await Realm.Remote(Realm.Client, server).Ask<ChannelMessages>(new ReadChannelRequest(1, Channel, 0, 1000, AnyServer: true), TimeSpan.FromSeconds(10)) is { FirstOffset: 70 } r ? r : null,
                Deadline,
                $"{server} to apply the trim");
            Assert.Equal(Enumerable.Range(70, 30).Select(i => (long)i), read.Messages.Select(m => m.Offset));
            Assert.Equal(Enumerable.Range(71, 30).Select(i => (long)i), read.Messages.Select(m => m.ProducerSeq));
            Assert.Equal(100, read.EndOffset);
        }

        // Everything before the oldest kept message is compacted, on every server.
        ReplicationStatus[] last = [];
        var statuses = await Eventually.Until(
            async () =>
            {
                last = await Task.WhenAll(servers.Select(Realm.StatusAsync));
                return last.All(s => s.CompactedThrough >= 70) ? last : null;
            },
            Deadline,
            "every server to compact its log",
            () => string.Join("; ", last.Select(s => s.ToString())));
        output.WriteLine(string.Join(", ", statuses.Select(s => $"{s.Server} compacted through {s.CompactedThrough} of {s.LastIndex}")));

        // The subscription resumes at its position 5: the read starts at 70 and says 65 were dropped unread.
        var resumed = await client.SubscribeAsync(Channel, "slow");
        Assert.Equal(5, resumed.Position);
        Assert.Equal(70, (await resumed.ReadAsync(10))[0].Offset);
        Assert.Equal(65, resumed.SkippedByRetention);

        // The realm server's view shows the loss for every server of the primary set it has as a client.
        using var main = Realm.Realm.Client("main-1");
        var shown = await Eventually.Until(
            async () => (await main.PersistenceAsync(CancellationToken.None)).View.Sets.Single(s => s.Name == "_setA").Servers
                .Where(s => s.State == "live").ToList() is { Count: > 0 } live && live.All(s => s.UnreadDropped is { Count: 1 } && s.CompactedThrough >= 70) ? live : null,
            Deadline,
            "main-1 to show the subscription's loss and the compaction");
        var loss = shown[0].UnreadDropped![0];
        // In all 65 (offsets 5 to 69); the last trim's range depends on how many checks ran while publishing.
        Assert.Equal((Channel, "slow", 65L, 70L), (loss.Channel, loss.Subscription, loss.Messages, loss.LastTo));
        Assert.InRange(loss.LastFrom, 5, 69);
        Assert.Contains("RETENTION DROPPED 65 unread messages of durable subscription 'slow'", shown[0].Summary, StringComparison.Ordinal);

        // A member restarted on its data recovers from its snapshot and the entries after it, and reads the same.
        var leader = await Realm.LeaderAsync(SetA);
        var member = SetA.First(s => s != leader && Realm.Servers.ContainsKey(s));
        // The deletion follows the stored compaction asynchronously: wait for it before the stop (the journal is SQLite in
        // WAL mode, so a read-only connection reads it while the server runs).
        (long Rows, long Highest) journal = default;
        await Eventually.Until(
            async () => (journal = await JournalRowsAsync(member)).Rows < journal.Highest ? "deleted" : null,
            Deadline,
            $"{member}'s journal to delete the events its compaction made useless",
            () => $"{journal.Rows} rows, highest sequence number {journal.Highest}");
        var before = await Realm.StatusAsync(member);
        await Realm.StopServersAsync(member);
        var (rows, highest) = await JournalRowsAsync(member);
        output.WriteLine($"{member}'s journal: {rows} rows, highest sequence number {highest}");
        // Without a deletion (or with a logical one) every event would still be a row; the deletion survives the stop.
        Assert.True(rows < highest, $"{member}'s journal keeps all {highest} events after its compaction through {before.CompactedThrough}");
        await Realm.StartServersAsync(member);
        var recovered = await Realm.StatusAsync(member);
        Assert.Equal(before.CompactedThrough, recovered.CompactedThrough);
        Assert.True(recovered.LastIndex >= before.CommitIndex, $"{member} recovered up to {recovered.LastIndex}, had committed {before.CommitIndex}");
        await PublishAsync(client, 101, 105);
        var after = await Eventually.Until(
            async () => await Realm.Remote(Realm.Client, member).Ask<ChannelMessages>(new ReadChannelRequest(1, Channel, 0, 1000, AnyServer: true), TimeSpan.FromSeconds(10)) is { EndOffset: 105 } r ? r : null,
            Deadline,
            $"{member} to catch up after its restart");
        Assert.Equal(Enumerable.Range(75, 30).Select(i => (long)i), after.Messages.Select(m => m.Offset));
    }

    /// <summary>Rows physically in the stopped server's SQLite journal (deleted ones included) and its highest sequence number.</summary>
    private async Task<(long Rows, long Highest)> JournalRowsAsync(string server)
    {
        var configuration = Realm.ServerConfiguration(server);
        var file = configuration.Persistence.Sqlite.ResolvePath(configuration.Node.DataDirectory);
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT COUNT(*), MAX(sequence_number) FROM journal WHERE persistence_id = $id";
        query.Parameters.AddWithValue("$id", ReplicationJournalActor.PersistenceIdOf(server));
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task PublishAsync(RealmClient client, int from, int to)
    {
        var acks = await Task.WhenAll(Enumerable.Range(from, to - from + 1).Select(i => client.PublishAsync(Channel, BitConverter.GetBytes((long)i))));
        Assert.Equal(Enumerable.Range(from - 1, to - from + 1).Select(i => (long)i), acks.Select(a => a.Offset));
    }
}
