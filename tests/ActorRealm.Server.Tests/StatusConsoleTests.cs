using System.Net;
using System.Net.Http.Json;
using System.Text;
using ActorRealm.Cluster;
using ActorRealm.Cluster.Quorum;
using ActorRealm.Server.Admin;
using ActorRealm.Server.StatusConsole;
using ActorRealm.Server.Tests.Support;

namespace ActorRealm.Server.Tests;

/// <summary>
/// The status console without a browser: the "What if" forecast over every reachability of several layouts, the recent
/// events derived from successive views, the ring buffer, and the console's routes (login cookie, CSRF header, stream).
/// </summary>
public sealed class StatusConsoleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Layouts => new() { "main:1,dr:1", "main:2,dr:2", "main:1,dr:2", "main:2,dr:1", "a:1,b:1,c:1", "a:2,b:1,c:1", "main:3,dr:3" };

    /// <summary>Every prime site and every subset of reachable members: the forecast agrees with the quorum rule and its advice works.</summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public void What_if_agrees_with_the_site_quorum_rule_for_every_prime_site_and_reachability(string sites)
    {
        var layout = Layout(sites);
        var members = layout.AllMembers.ToList();
        for (var mask = 0; mask < 1 << members.Count; mask++)
        {
            var reachable = members.Where((_, i) => (mask & (1 << i)) != 0).ToHashSet();
            foreach (var prime in layout.Sites)
            {
                var forecast = SiteLossForecast.Forecast(layout, prime, reachable);
                Assert.Equal(layout.Sites, forecast.Select(f => f.Site));
                foreach (var f in forecast)
                {
                    var survivors = reachable.Where(m => layout.SiteOf(m) != f.Site).ToHashSet();
                    var rule = SiteQuorum.Evaluate(layout, prime, survivors);
                    var context = $"{sites}, prime {prime}, reachable [{string.Join(", ", reachable)}], lose {f.Site}: {f.Action}";
                    Assert.True(rule.HasQuorum == f.KeepsQuorum, context);
                    Assert.Equal(rule.Explanation, f.QuorumAfter);
                    Assert.Equal(f.Site == prime, f.Prime);
                    if (f.SwitchPrimeTo is { } to)
                    {
                        // Only the loss of the prime site is cured by a switch, and the switch must really give quorum.
                        Assert.False(f.KeepsQuorum, context);
                        Assert.Equal(prime, f.Site);
                        Assert.True(SiteQuorum.Evaluate(layout, to, survivors).HasQuorum, context);
                        Assert.Contains($"Confirm site '{prime}' down, then switch the prime site to '{to}'", f.Action, StringComparison.Ordinal);
                    }
                    else if (!f.KeepsQuorum)
                    {
                        // No advice to switch: then no switch would help (or the site lost is not the prime site).
                        Assert.True(f.Site != prime || layout.Sites.Where(s => s != prime).All(s => !SiteQuorum.Evaluate(layout, s, survivors).HasQuorum), context);
                        Assert.DoesNotContain("Nothing to do", f.Action, StringComparison.Ordinal);
                    }
                    else
                    {
                        Assert.StartsWith("Nothing to do", f.Action, StringComparison.Ordinal);
                    }
                }
            }
        }
    }

    [Fact]
    public void What_if_for_the_two_site_realm_names_the_switch_and_changes_when_a_node_is_lost()
    {
        var layout = Layout("main:1,dr:1");
        var (main, dr) = (layout.MembersOf("main").Single(), layout.MembersOf("dr").Single());

        // The layout lists its sites by name: dr, then main.
        var both = SiteLossForecast.Forecast(layout, "main", new HashSet<NodeAddress> { main, dr });
        Assert.Equal(["dr", "main"], both.Select(f => f.Site));
        Assert.Equal((false, "dr"), (both[1].KeepsQuorum, both[1].SwitchPrimeTo));
        Assert.Contains("Confirm site 'main' down, then switch the prime site to 'dr'", both[1].Action, StringComparison.Ordinal);
        Assert.True(both[0].KeepsQuorum);

        var drGone = SiteLossForecast.Forecast(layout, "main", new HashSet<NodeAddress> { main });
        Assert.False(drGone[1].KeepsQuorum);
        Assert.Null(drGone[1].SwitchPrimeTo);
        Assert.Contains("No member outside 'main' is reachable", drGone[1].Action, StringComparison.Ordinal);
        Assert.True(drGone[0].KeepsQuorum);
    }

    [Fact]
    public void What_if_reads_the_admin_status_view()
    {
        var forecast = SiteLossForecast.Forecast(FakeNode.Sample());

        // main-1, main-2 reachable, dr-1 unreachable, dr-2 absent; prime main.
        Assert.Equal(["dr", "main"], forecast.Select(f => f.Site));
        Assert.True(forecast[0].KeepsQuorum);
        Assert.False(forecast[1].KeepsQuorum);
        Assert.Contains("No member outside 'main' is reachable", forecast[1].Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_name_unreachable_down_quorum_prime_and_leader_changes()
    {
        var up = FakeNode.Sample() with { Members = [.. FakeNode.Sample().Members.Select(m => m.Node == "dr-1" ? m with { Reachable = true } : m)] };
        var unreachable = up with { Members = [.. up.Members.Select(m => m.Node == "dr-1" ? m with { Reachable = false } : m)] };
        var removed = unreachable with { Members = [.. unreachable.Members.Select(m => m.Node == "dr-1" ? m with { Status = "absent" } : m)] };
        var noQuorum = removed with { HasQuorum = false, Quorum = new QuorumView("HalfWithoutPrimeSite", "no quorum: because", 2, 4) };
        var switched = noQuorum with { HasQuorum = true, PrimeSite = "dr", PrimeEpoch = 1, PrimeSwitch = new PrimeSwitchInfoView("ops from 10.0.0.1", At, "id"), Leader = "127.0.0.1:25521" };

        Assert.Empty(Between(up, up));
        Assert.Equal([("member-unreachable", "dr-1 (dr) is unreachable from main-1")], Between(up, unreachable));
        Assert.Equal([("member-down", "dr-1 (dr) is down (downed while unreachable, now absent)")], Between(unreachable, removed));
        Assert.Equal([("member-left", "dr-1 (dr) is absent (was up)")], Between(up, removed));
        Assert.Equal([("quorum-lost", "Quorum lost: no quorum: because")], Between(removed, noQuorum));
        Assert.Equal(
            [
                ("quorum-regained", "Quorum regained: no quorum: because"),
                ("prime-changed", "The prime site is now 'dr' (epoch 1, was 'main' epoch 0), switched by ops from 10.0.0.1"),
                ("leader-changed", "The cluster leader is now main-2 (main)"),
            ],
            Between(noQuorum, switched));
        Assert.Equal([("member-reachable", "dr-1 (dr) is reachable again from main-1")], Between(unreachable, up));
        Assert.Equal([("member-down", "dr-1 (dr) is down")], Between(unreachable, unreachable with { Members = [.. unreachable.Members.Select(m => m.Node == "dr-1" ? m with { Status = "down" } : m)] }));
    }

    [Fact]
    public void Events_name_set_leaders_servers_cut_over_migration_and_exported_suffix()
    {
        var status = FakeNode.Sample();
        var before = Persistence(("_setA", "primary", 1, "a1"), ("_setB", "standby", 1, "b1"));
        var newLeader = Persistence(("_setA", "primary", 1, "a2"), ("_setB", "standby", 1, "b1"), offline: "a1");
        var cutOver = Persistence(("_setA", "standby", 2, "a2"), ("_setB", "primary", 2, "b1"), offline: "a1", export: ("a2", "/data/a2/export-2.jsonl", true));
        var migrated = Persistence(("_setA", "standby", 2, "a1"), ("_setB", "primary", 2, "b1"), migrationEpoch: 2);

        Assert.Equal(
            [("set-leader-changed", "_setA (primary) is led by a2 in term 7 (was a1)"), ("server-offline", "a1 (_setA) is offline at this realm server (was live)")],
            Between(new ConsoleState(status, before), new ConsoleState(status, newLeader)));
        Assert.Equal(
            [
                ("exported-suffix", "a2 (_setA) exported its log suffix (3 entries) to /data/a2/export-2.jsonl: a divergent suffix of the old primary, it may hold acknowledged messages"),
                ("cut-over", "Cut-over: _setB (dr) is the primary set in persistence epoch 2, was _setA"),
            ],
            Between(new ConsoleState(status, newLeader), new ConsoleState(status, cutOver)));
        Assert.Contains(("migration", "Migration: _setB (dr) is the primary set in persistence epoch 2, was _setA"), Between(new ConsoleState(status, before), new ConsoleState(status, migrated)));
        Assert.Empty(Between(new ConsoleState(status, null), new ConsoleState(status, cutOver)));
    }

    [Fact]
    public void The_event_log_keeps_the_newest_first_within_its_capacity()
    {
        var log = new ConsoleEventLog(3);
        log.Add(Enumerable.Range(1, 5).Select(i => new ConsoleEventView(At.AddSeconds(i), "k", $"e{i}")));
        Assert.Equal(["e5", "e4", "e3"], log.Newest().Select(e => e.Message));
    }

    [Fact]
    public async Task Login_answers_a_bad_token_with_401_and_a_good_one_with_a_strict_httponly_secure_cookie()
    {
        await using var admin = await AdminHarness.StartAsync(https: true);
        using var browser = admin.Client(token: null);

        using var page = await browser.GetAsync("console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("api/console/snapshot")).StatusCode);

        using var bad = await Login(browser, AdminHarness.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.StartsWith("That is not this node's admin token", (await bad.Content.ReadFromJsonAsync(AdminJsonContext.Instance.AdminErrorView))!.Error, StringComparison.Ordinal);
        Assert.False(bad.Headers.Contains("Set-Cookie"));

        using var good = await Login(browser, AdminHarness.Token);
        Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        var cookie = good.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith(ConsoleSession.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminHarness.Token, cookie, StringComparison.Ordinal);
        foreach (var attribute in new[] { "httponly", "secure", "samesite=strict", "path=/" })
        {
            Assert.Contains(attribute, cookie, StringComparison.OrdinalIgnoreCase);
        }

        // The cookie opens the API to reads; a change also needs the page's header.
        using var snapshot = await browser.GetAsync("api/console/snapshot");
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        var view = (await snapshot.Content.ReadFromJsonAsync(AdminJsonContext.Instance.ConsoleSnapshotView))!;
        Assert.Equal(("main-1", 2), (view.Status.Node, view.WhatIf.Count));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("api/status")).StatusCode);

        using var forged = await browser.PostAsJsonAsync("api/prime", new PrimeSwitchBody("dr", "main", "x"), AdminJsonContext.Instance.PrimeSwitchBody);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains(ConsoleSession.CsrfHeader, (await forged.Content.ReadFromJsonAsync(AdminJsonContext.Instance.AdminErrorView))!.Error, StringComparison.Ordinal);
        Assert.Empty(admin.Node.Requests);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/prime") { Content = JsonContent.Create(new PrimeSwitchBody("dr", "main", "x"), AdminJsonContext.Instance.PrimeSwitchBody) };
        request.Headers.Add(ConsoleSession.CsrfHeader, "1");
        using var refused = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Single(admin.Node.Requests);

        // A forged or stale cookie counts for nothing; logging out clears it.
        using var other = admin.Client(token: null, useCookies: false);
        other.DefaultRequestHeaders.Add("Cookie", $"{ConsoleSession.CookieName}=99999999999.{new string('A', 43)}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("api/status")).StatusCode);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "console/logout");
        logout.Headers.Add(ConsoleSession.CsrfHeader, "1");
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(logout)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("api/console/snapshot")).StatusCode);
    }

    [Fact]
    public async Task The_stream_sends_the_snapshot_at_once_and_again_when_the_view_changes()
    {
        await using var admin = await AdminHarness.StartAsync();
        using var client = admin.Client();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("api/console/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token), Encoding.UTF8);

        var first = await NextSnapshotAsync(reader, timeout.Token);
        Assert.True(first.Status.HasQuorum);
        admin.Node.Current = FakeNode.Sample(quorum: false);
        var next = await NextSnapshotAsync(reader, timeout.Token);
        while (next.Status.HasQuorum)
        {
            next = await NextSnapshotAsync(reader, timeout.Token);
        }

        Assert.True(next.Version > first.Version);
        Assert.Contains(next.Events, e => e.Kind == "quorum-lost");
    }

    [Fact]
    public void The_assets_are_embedded_and_load_nothing_from_outside_the_node()
    {
        foreach (var name in new[] { "console.html", "console.css", "console.js" })
        {
            using var stream = typeof(AdminServer).Assembly.GetManifestResourceStream($"ActorRealm.Server.StatusConsole.{name}");
            Assert.NotNull(stream);
            var text = new StreamReader(stream).ReadToEnd();
            Assert.DoesNotContain("http://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
        }
    }

    private static async Task<ConsoleSnapshotView> NextSnapshotAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return System.Text.Json.JsonSerializer.Deserialize(line["data: ".Length..], AdminJsonContext.Instance.ConsoleSnapshotView)!;
            }
        }

        throw new EndOfStreamException("The stream ended.");
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "console/login") { Content = JsonContent.Create(new ConsoleLoginBody(token), AdminJsonContext.Instance.ConsoleLoginBody) };
        request.Headers.Add(ConsoleSession.CsrfHeader, "1");
        return client.SendAsync(request);
    }

    private static List<(string, string)> Between(NodeStatusView before, NodeStatusView after) =>
        Between(new ConsoleState(before, null), new ConsoleState(after, null));

    private static List<(string, string)> Between(ConsoleState before, ConsoleState after) =>
        [.. ConsoleEvents.Between(before, after, At).Select(e => (e.Kind, e.Message))];

    private static ClusterLayout Layout(string sites)
    {
        var port = 25520;
        return new ClusterLayout(sites.Split(',').Select(s => s.Split(':')).Select(p =>
            KeyValuePair.Create(p[0], Enumerable.Range(0, int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)).Select(_ => new NodeAddress("127.0.0.1", port++)).ToList().AsEnumerable())));
    }

    private static PersistenceStatusView Persistence(
        (string Name, string Role, long Epoch, string Leader) a,
        (string Name, string Role, long Epoch, string Leader) b,
        string? offline = null,
        (string Server, string File, bool Divergent)? export = null,
        long? migrationEpoch = null)
    {
        PersistenceSetStatusView Set((string Name, string Role, long Epoch, string Leader) set, string site, string prefix) => new(
            set.Name, site, set.Name == "_setA", set.Role, set.Epoch, set.Leader, 3,
            [.. Enumerable.Range(1, 3).Select(i => $"{prefix}{i}").Select(n => new PersistenceServerStatusView(
                n, "127.0.0.1:1", n == offline ? "offline" : "live", "s", n == offline ? null : n == set.Leader ? "leader" : "member", 7, set.Epoch, 10, 10, 0, null, null, null, At, [],
                ExportFile: export is { } e && e.Server == n ? e.File : null, ExportCount: export is { } c && c.Server == n ? 3 : null, ExportDivergent: export?.Server == n ? export.Value.Divergent : null,
                MigrationEpoch: n == set.Leader && set.Role == "standby" ? migrationEpoch : null))],
            []);
        return new PersistenceStatusView("main-1", "main", "async", [Set(a, "main", "a"), Set(b, "dr", "b")], []);
    }
}
