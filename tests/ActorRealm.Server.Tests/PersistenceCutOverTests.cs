using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActorRealm.Contracts.Persistence;
using ActorRealm.Server.Tests.Support;
using static ActorRealm.Server.Tests.Support.PersistenceSetsRealm;

namespace ActorRealm.Server.Tests;

/// <summary>
/// The administrator's cut-over and migration (ADR 0073) end to end: the admin API and the CLI of real realm servers,
/// routed to the persistence servers, with the realm guard and the old primary's return.
/// </summary>
public sealed class PersistenceCutOverTests
{
    [Fact]
    public async Task A_cut_over_after_the_main_site_is_lost_and_the_old_primarys_return_with_its_divergent_suffix_exported()
    {
        await using var realm = PersistenceSetsRealm.Create("cutover-probe-timeout = 500ms");
        await realm.StartNodesAsync("main-1", "dr-1");
        await realm.StartServersAsync([.. SetA, .. SetB]);
        var oldLeader = await realm.LeaderAsync(SetA);
        for (var seq = 1; seq <= 5; seq++)
        {
            Assert.IsType<RequestAcknowledged>(await realm.PublishAsync(oldLeader, seq));
        }

        foreach (var b in SetB)
        {
            await Eventually.Until(async () => (await realm.ReadSequencesAsync(b)).Count == 5 ? "ok" : null, Deadline, $"{b} to hold 1-5");
        }

        var cutOver = Cli(realm, "dr-1", "persistence", "cutover", "--to", "_setB", "--confirm-site-down", "main", "--wait", "30s");
        var whileReachable = await cutOver();
        Assert.Equal(1, whileReachable.Exit);
        Assert.Contains("is reachable now", whileReachable.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing changed.", whileReachable.Error, StringComparison.Ordinal);

        // The divergence a WAN cut plants in async mode: the primary acknowledges 6-8 (a majority of _setA) while the
        // standby set does not hear of them. Then the main site dies: its persistence servers and its realm server.
        await realm.StopServersAsync(SetB);
        for (var seq = 6; seq <= 8; seq++)
        {
            Assert.IsType<RequestAcknowledged>(await realm.PublishAsync(oldLeader, seq));
        }

        await realm.StopServersAsync(SetA);
        await realm.StopNodeAsync("main-1");
        await realm.StartServersAsync(SetB);
        await realm.SetLeaderAsync(SetB);

        // main is down long enough, but it is the prime site: the DR side has no quorum, and the cut-over says what to run first.
        var needsPrime = await Eventually.Until(
            async () => await cutOver() is { Exit: 1 } r && r.Error.Contains("Switch the prime site first", StringComparison.Ordinal) ? r.Error : null,
            Deadline,
            "the cut-over to name the prime switch");
        Assert.Contains("actorrealm prime set --site dr --confirm-site-down main, then repeat the cut-over", needsPrime, StringComparison.Ordinal);
        var prime = await Cli(realm, "dr-1", "prime", "set", "--site", "dr", "--confirm-site-down", "main")();
        Assert.True(prime.Exit == 0, prime.Error);

        var accepted = await cutOver();
        Assert.True(accepted.Exit == 0, accepted.Output + accepted.Error);
        Assert.Contains("'_setB' becomes primary in persistence epoch 1", accepted.Output, StringComparison.Ordinal);
        Assert.Contains("as primary in epoch 1 and serves", accepted.Output, StringComparison.Ordinal);
        var newLeader = await realm.LeaderAsync(SetB);
        // The client's first message to a restarted server's address may be lost (Akka.Remote re-associates): it retries, as applications do.
        var nine = await Eventually.Until(async () => await realm.TryPublishAsync(9), Deadline, "publish 9 to the new primary leader");
        Assert.Equal(1, nine.Epoch);

        // The main site returns: the old primary learns epoch 1, exports 6-8, becomes the standby and resynchronises.
        await realm.StartNodesAsync("main-1");
        await realm.StartServersAsync(SetA);
        // Its realm server tells it epoch 1 before any quorum verdict: none of it serves in epoch 0 on the way back.
        var servedInOldEpoch = new List<string>();
        await Eventually.Until(
            async () =>
            {
                var statuses = await Task.WhenAll(SetA.Select(realm.StatusAsync));
                servedInOldEpoch.AddRange(statuses.Where(s => s is { Epoch: 0, Serving: true }).Select(s => s.ToString()));
                return statuses.All(s => s.Epoch == 1) ? "ok" : null;
            },
            Deadline,
            "the old primary to follow epoch 1");
        Assert.Empty(servedInOldEpoch);
        using var main = realm.Realm.Client("main-1");
        var exported = await Eventually.Until(
            async () => (await main.PersistenceAsync(CancellationToken.None)).View.Sets.Single(s => s.Name == "_setA").Servers.FirstOrDefault(s => s.ExportDivergent == true),
            Deadline,
            "main-1 to show an old primary server's exported suffix");
        Assert.True(exported.ExportCount >= 3, $"{exported.ExportCount} exported");
        var lines = await File.ReadAllLinesAsync(exported.ExportFile!);
        Assert.Equal(exported.ExportCount + 1, lines.Length);
        Assert.All([6, 7, 8], seq => Assert.Contains(lines, l => l.Contains($"\"producerSeq\":{seq},", StringComparison.Ordinal)));
        Assert.StartsWith(Path.Combine(realm.DataDirectory(exported.Name), "exports"), exported.ExportFile, StringComparison.Ordinal);
        var status = await Cli(realm, "main-1", "persistence", "status")();
        Assert.Contains($"EXPORTED {exported.ExportCount} divergent entries", status.Output, StringComparison.Ordinal);

        List<long> expected = [1, 2, 3, 4, 5, 9];
        foreach (var a in SetA)
        {
            await Eventually.Until(
                async () => (await realm.StatusAsync(a)) is { Epoch: 1, SetIsPrimary: false } && (await realm.ReadSequencesAsync(a)).SequenceEqual(expected) ? "ok" : null,
                Deadline,
                $"{a} to follow epoch 1 as standby and hold 1-5 and 9",
                () => $"{a}: {string.Join(",", realm.ReadSequencesAsync(a).GetAwaiter().GetResult())}");
        }

        Assert.Equal(expected, await realm.ReadSequencesAsync(newLeader));
    }

    [Fact]
    public async Task Bad_changes_are_refused_with_nothing_changed_and_a_migration_under_publishes_loses_and_duplicates_nothing()
    {
        await using var realm = PersistenceSetsRealm.Create();
        await realm.StartNodesAsync("main-1", "dr-1");
        await realm.StartServersAsync([.. SetA, .. SetB]);
        await realm.LeaderAsync(SetA);
        await realm.SetLeaderAsync(SetB);

        // Through the admin API: 400 for what the realm does not define, 409 for what its state refuses, 401 without the token.
        using var http = new HttpClient();
        async Task<(HttpStatusCode Code, string Body)> Post(string node, string path, object body, bool token = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{realm.Realm.Node(node).AdminAddress}/api/persistence/{path}") { Content = JsonContent.Create(body) };
            if (token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", realm.Realm.Files.AdminToken);
            }

            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        (HttpStatusCode, string)[] refusals =
        [
            (HttpStatusCode.BadRequest, "there is no set '_setC'; the sets are '_setA', '_setB'"),
            (HttpStatusCode.BadRequest, "there is no set '_setC'"),
            (HttpStatusCode.BadRequest, "there is no site 'mian'"),
            (HttpStatusCode.BadRequest, "The body needs \\\"toSet\\\" (the standby set to make primary) and \\\"confirmSiteDown\\\""),
            (HttpStatusCode.Conflict, "set '_setA' is already primary (epoch 0)"),
            (HttpStatusCode.Conflict, "set '_setA' is already primary (epoch 0)"),
            (HttpStatusCode.Conflict, "the primary set '_setA' runs at site 'main', not 'dr'"),
            (HttpStatusCode.Conflict, "is reachable now"),
            (HttpStatusCode.Unauthorized, "Unauthorized"),
        ];
        (HttpStatusCode Code, string Body)[] answers =
        [
            await Post("dr-1", "cutover", new { toSet = "_setC", confirmSiteDown = "main" }),
            await Post("main-1", "migrate", new { toSet = "_setC" }),
            await Post("dr-1", "cutover", new { toSet = "_setB", confirmSiteDown = "mian" }),
            await Post("dr-1", "cutover", new { toSet = "_setB" }),
            await Post("main-1", "migrate", new { toSet = "_setA" }),
            await Post("main-1", "cutover", new { toSet = "_setA", confirmSiteDown = "dr" }),
            await Post("dr-1", "cutover", new { toSet = "_setB", confirmSiteDown = "dr" }),
            await Post("dr-1", "cutover", new { toSet = "_setB", confirmSiteDown = "main" }),
            await Post("dr-1", "cutover", new { toSet = "_setB", confirmSiteDown = "main" }, token: false),
        ];
        for (var i = 0; i < refusals.Length; i++)
        {
            Assert.True(answers[i].Code == refusals[i].Item1 && answers[i].Body.Contains(refusals[i].Item2, StringComparison.Ordinal), $"#{i}: {answers[i].Code} {answers[i].Body}");
        }

        // Through the CLI: exit 1 and the reason.
        var unknown = await Cli(realm, "main-1", "persistence", "migrate", "--to", "_setC")();
        Assert.Equal((1, true), (unknown.Exit, unknown.Error.Contains("Refused by realm server main-1: there is no set '_setC'", StringComparison.Ordinal)));
        var primary = await Cli(realm, "dr-1", "persistence", "migrate", "--to", "_setA")();
        Assert.Equal(1, primary.Exit);
        Assert.Contains("set '_setA' is already primary (epoch 0)", primary.Error, StringComparison.Ordinal);
        var wrongSide = await Cli(realm, "main-1", "persistence", "cutover", "--to", "_setB", "--confirm-site-down", "main")();
        Assert.Equal(1, wrongSide.Exit);
        Assert.Contains("a cut-over to '_setB' is given at a realm server of its site 'dr'", wrongSide.Error, StringComparison.Ordinal);
        foreach (var server in realm.Servers.Keys)
        {
            Assert.Equal((0L, server.StartsWith('a')), await realm.StatusAsync(server) is var s ? (s.Epoch, s.SetIsPrimary) : default);
        }

        // A migration while an application publishes: every publish is retried with its sequence number until acknowledged.
        var acknowledged = new List<long>();
        using var stop = new CancellationTokenSource();
        var publisher = Task.Run(async () =>
        {
            for (var seq = 1L; !stop.IsCancellationRequested;)
            {
                if (await realm.TryPublishAsync(seq) is not null)
                {
                    lock (acknowledged)
                    {
                        acknowledged.Add(seq++);
                    }
                }
            }
        });
        int Acked()
        {
            lock (acknowledged)
            {
                return acknowledged.Count;
            }
        }

        await Eventually.Until(() => Task.FromResult(Acked() >= 20 ? "ok" : null), Deadline, "20 publishes before the migration");
        var migrated = await Cli(realm, "main-1", "persistence", "migrate", "--to", "_setB", "--wait", "30s")();
        Assert.True(migrated.Exit == 0, migrated.Output + migrated.Error);
        Assert.Contains("'_setB' becomes primary in persistence epoch 1", migrated.Output, StringComparison.Ordinal);
        Assert.Matches(@"Publish pause: \d+(\.\d+)? s", migrated.Output);
        var after = Acked();
        await Eventually.Until(() => Task.FromResult(Acked() >= after + 20 ? "ok" : null), Deadline, "20 publishes after the migration");
        await stop.CancelAsync();
        await publisher;

        var newLeader = await realm.LeaderAsync(SetB);
        Assert.Equal(acknowledged, await realm.ReadSequencesAsync(newLeader));
        Assert.Equal(Enumerable.Range(1, acknowledged.Count).Select(i => (long)i), acknowledged);
    }

    /// <summary>An <c>actorrealm</c> command against <paramref name="node"/>'s admin API, run off the test's thread each time it is called.</summary>
    private static Func<Task<(int Exit, string Output, string Error)>> Cli(PersistenceSetsRealm realm, string node, params string[] args) =>
        () => Task.Run(() => CliRunner.Run([.. args, "--admin", realm.Realm.Node(node).AdminAddress, "--token", realm.Realm.Files.AdminToken]));
}
