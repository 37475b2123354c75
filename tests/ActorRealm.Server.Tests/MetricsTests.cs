using System.Globalization;
using System.Text.RegularExpressions;
using ActorRealm.Client;
using ActorRealm.Server.Metrics;
using ActorRealm.Server.Tests.Support;
using static ActorRealm.Server.Tests.Support.PersistenceSetsRealm;

namespace ActorRealm.Server.Tests;

/// <summary>The Prometheus text a realm server serves, and <c>/metrics</c> scraped while the primary leader fails over.</summary>
[Collection(PersistenceRealmFixture.Collection)]
public sealed partial class MetricsTests(PersistenceRealmFixture fixture)
{
    private PersistenceSetsRealm Realm => fixture.Realm;

    [Fact]
    public void Families_are_grouped_labels_escaped_and_histograms_cumulative()
    {
        var text = new PrometheusText();
        text.Gauge("a_gauge", "A gauge.", 1, ("set", "_setA"), ("server", "a1"));
        text.Histogram("a_seconds", "A histogram.", [0.1, 1], [2, 3, 1], 4.5, ("server", "a1"));
        text.Gauge("a_gauge", "A gauge.", 2.5, ("set", "_setA"), ("server", "say \"hi\"\\\n"));

        Assert.Equal(
            """
            # HELP a_gauge A gauge.
            # TYPE a_gauge gauge
            a_gauge{set="_setA",server="a1"} 1
            a_gauge{set="_setA",server="say \"hi\"\\\n"} 2.5
            # HELP a_seconds A histogram.
            # TYPE a_seconds histogram
            a_seconds_bucket{server="a1",le="0.1"} 2
            a_seconds_bucket{server="a1",le="1"} 5
            a_seconds_bucket{server="a1",le="+Inf"} 6
            a_seconds_sum{server="a1"} 4.5
            a_seconds_count{server="a1"} 6

            """.ReplaceLineEndings("\n"),
            text.ToString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Metrics_show_the_realm_the_sets_and_a_primary_leader_failover()
    {
        // Other tests of the collection may have stopped servers: every server runs again first.
        await Realm.StartServersAsync([.. SetA.Concat(SetB).Where(s => !Realm.Servers.ContainsKey(s))]);
        var leader = await Realm.LeaderAsync(SetA);
        using var main = Realm.Realm.Client("main-1");
        var scraped = string.Empty;
        Dictionary<string, double> before;
        await using (var client = RealmClient.Start(new RealmClientSettings
        {
            Realm = PersistenceSetsRealm.Name, ContactPoints = Realm.ContactPoints, Tls = Realm.ClientTls, Hostname = "127.0.0.1", RequestTimeout = TimeSpan.FromSeconds(1.5),
        }))
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.PublishAsync("metrics.orders", new byte[] { (byte)i })));
            // The client's process is a session of the leader while it is connected (other tests' clients may be too).
            before = await Eventually.Until(
                async () => Parse(scraped = await main.MetricsAsync(CancellationToken.None)) is var m
                    && m.GetValueOrDefault(Series("actorrealm_persistence_publishes_acknowledged_total", leader)) >= 20
                    && m.GetValueOrDefault(Series("actorrealm_persistence_client_sessions", leader)) >= 1 ? m : null,
                Deadline,
                $"main-1's metrics to count the publishes and the client session of {leader}",
                () => scraped);
        }

        // Its connection closed: one session fewer at the leader.
        var sessions = before[Series("actorrealm_persistence_client_sessions", leader)];
        await Eventually.Until(
            async () => Parse(scraped = await main.MetricsAsync(CancellationToken.None)).GetValueOrDefault(Series("actorrealm_persistence_client_sessions", leader), -1) is var now && now >= 0 && now < sessions ? "ok" : null,
            Deadline,
            $"main-1's metrics to show the client's session of {leader} ended",
            () => scraped);
        Assert.Equal(1, before["actorrealm_quorum"]);
        Assert.Equal(1, before["actorrealm_prime_site{site=\"main\"}"]);
        Assert.Equal(0, before["actorrealm_prime_site{site=\"dr\"}"]);
        Assert.Equal(1, before["actorrealm_members{site=\"main\",status=\"up\"}"]);
        Assert.Equal(1, before["actorrealm_persistence_set_primary{set=\"_setA\",site=\"main\"}"]);
        Assert.Equal(1, before[Series("actorrealm_persistence_server_role", leader, "role=\"leader\"")]);
        Assert.Equal(1, before[Series("actorrealm_persistence_server_serving", leader)]);
        Assert.True(before.ContainsKey(Series("actorrealm_persistence_standby_lag_messages", leader)));
        Assert.Equal(before[Series("actorrealm_persistence_publishes_acknowledged_total", leader)], before[Series("actorrealm_persistence_publish_latency_seconds_count", leader)]);
        Assert.True(before[Series("actorrealm_persistence_journal_write_seconds_count", leader)] > 0);
        // main-1's clients are the main site's servers: the DR set shows as not live here (the document's view).
        Assert.All(SetB, b => Assert.Equal(0, before[$"actorrealm_persistence_server_live{{set=\"_setB\",server=\"{b}\",site=\"dr\"}}"]));
        var term = before[Series("actorrealm_persistence_server_term", leader)];

        // The leader's process dies: another server of the set leads in a higher term, and the dead one goes offline.
        await Realm.Servers[leader].System.Terminate();
        Realm.Servers.Remove(leader);
        var after = await Eventually.Until(
            async () =>
            {
                var m = Parse(await main.MetricsAsync(CancellationToken.None));
                var next = SetA.FirstOrDefault(s => s != leader && m.GetValueOrDefault(Series("actorrealm_persistence_server_serving", s)) == 1);
                return next is not null && m.GetValueOrDefault($"actorrealm_persistence_server_live{{set=\"_setA\",server=\"{leader}\",site=\"main\"}}", 1) == 0 ? Tuple.Create(next, m) : null;
            },
            Deadline,
            "main-1's metrics to show a new serving leader and the old one offline");
        var (next, metrics) = after;
        Assert.True(metrics[Series("actorrealm_persistence_server_term", next)] > term);
        Assert.Equal(1, metrics[Series("actorrealm_persistence_server_role", next, "role=\"leader\"")]);
        Assert.False(metrics.ContainsKey(Series("actorrealm_persistence_server_term", leader)));

        await Realm.StartServersAsync(leader);
    }

    private static string Series(string name, string server, string? more = null) =>
        $"{name}{{set=\"{(server.StartsWith('a') ? "_setA" : "_setB")}\",server=\"{server}\"{(more is null ? string.Empty : "," + more)}}}";

    /// <summary>Every sample of a scrape by its name and labels as written; the format is checked on the way.</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            Assert.True(samples.TryAdd(match.Groups[1].Value, double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)), $"a sample twice: {line}");
        }

        return samples;
    }

    [GeneratedRegex(@"^([a-z_]+(?:\{[^}]*\})?) (\S+)$")]
    private static partial Regex SampleLine();
}
