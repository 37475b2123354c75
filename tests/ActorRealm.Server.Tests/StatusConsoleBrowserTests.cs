using System.Diagnostics;
using System.Text.RegularExpressions;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Server.Tests.Support;
using ActorRealm.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ActorRealm.Server.Tests;

/// <summary>
/// The status console in headless Chromium against a real realm: <c>main-1</c> in this process serves the page, <c>dr-1</c>
/// is a real node process the test kills. Log-in refused then accepted, both sites, a refused prime switch with its reason,
/// the killed node unreachable then down, the What if panel changing. Screenshots go to docs/images/console-*.png.
/// </summary>
public sealed partial class StatusConsoleBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly LocatorAssertionsToContainTextOptions Live = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToHaveTextOptions LiveText = new() { Timeout = 30_000 };

    [ChromiumFact(Timeout = 120_000)]
    public async Task The_console_shows_the_sites_a_refused_switch_and_a_killed_node_turning_unreachable_then_down()
    {
        var clock = Stopwatch.StartNew();
        using var realm = LocalRealm.Create("main:1,dr:1", tls: true, LocalRealm.KillTimings);
        await using var main = await RealmNode.StartAsync(realm.Configuration("main-1"), NullLoggerFactory.Instance);
        await using var dr = NodeProcess.Start(NodeLauncher.Current(), "dr-1", realm.Files.NodeConfigs["dr-1"], realm.Files.LogFile("dr-1"), realm.Directory);
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        var drAddress = realm.Node("dr-1").Address;
        var drRow = page.Locator($"#sites tr[data-address='{drAddress}']");

        // A wrong token: a clear refusal and no console.
        await page.GotoAsync(new Uri(main.AdminAddress!, "/console/").ToString());
        await page.FillAsync("#token", realm.Files.AdminToken + "x");
        await page.ClickAsync("#login-form button[type=submit]");
        await Expect(page.Locator("#login-error")).ToContainTextAsync("Log-in refused (401): That is not this node's admin token");
        await Expect(page.Locator("#console-view")).ToBeHiddenAsync();
        Assert.DoesNotContain(realm.Files.AdminToken, page.Url, StringComparison.Ordinal);

        await page.FillAsync("#token", realm.Files.AdminToken);
        await page.ClickAsync("#login-form button[type=submit]");
        await Expect(page.Locator("#sites-panel h2")).ToHaveTextAsync("Sites");
        Assert.Equal(["Sites", "Quorum", "What if", "Persistence sets", "Recent events", "Operations"], await page.Locator("#console-view .panel h2").AllTextContentsAsync());
        var cookie = (await browser.Context.CookiesAsync()).Single();
        Assert.True(cookie.HttpOnly && cookie.Secure && cookie.SameSite == SameSiteAttribute.Strict);

        // Both sites, dr-1 up and reachable (it joins while the browser starts), main prime.
        await Expect(drRow.Locator(".status")).ToHaveTextAsync("up", new() { Timeout = (float)Deadline.TotalMilliseconds });
        await Expect(drRow.Locator(".reachable")).ToHaveTextAsync("reachable");
        await Expect(page.Locator("#sites [data-site=main] h3")).ToContainTextAsync("PRIME · epoch 0");
        await Expect(page.Locator("#sites [data-site=dr] h3")).Not.ToContainTextAsync("PRIME");
        await Expect(page.Locator("#quorum")).ToContainTextAsync("Majority");
        await Expect(page.Locator("#whatif [data-site=dr]")).ToContainTextAsync("keeps quorum");
        await Expect(page.Locator("#whatif [data-site=main]")).ToContainTextAsync("Confirm site 'main' down, then switch the prime site to 'dr'");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: both sites up on the page");
        await Screenshot(page, "console-overview.png");

        // The guarded switch from the page: the confirmation names the site confirmed down; main-1 refuses with the reason.
        var prime = page.Locator("form[data-operation=prime]");
        await prime.Locator("button", new() { HasText = "Review" }).ClickAsync();
        await Expect(prime.Locator(".confirm")).ToContainTextAsync("You confirm that site 'main' is DOWN");
        var confirm = prime.Locator(".confirm button", new() { HasText = "Confirm" });
        await Expect(confirm).ToBeDisabledAsync();
        await prime.Locator("input[name=confirm]").FillAsync("main");
        await confirm.ClickAsync();
        await Expect(prime.Locator(".result")).ToContainTextAsync("Refused (OldPrimeRecentlyReachable): Refusing to switch away from prime site 'main'", Live);
        await Screenshot(page, "console-refused-switch.png");

        // SIGKILL: dr-1 turns unreachable, then down (downed and removed), in the Sites panel and the Recent events.
        dr.Kill();
        await Expect(drRow.Locator(".reachable")).ToHaveTextAsync("unreachable", LiveText);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: unreachable on the page, status {await drRow.Locator(".status").TextContentAsync()}");
        await Expect(drRow.Locator(".status")).ToHaveTextAsync(DownOrGone(), LiveText);
        await Expect(page.Locator("#events li[data-kind=member-down]")).ToContainTextAsync("dr-1 (dr) is down", Live);
        var kinds = await page.Locator("#events li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.kind)");
        Assert.True(Array.IndexOf(kinds, "member-unreachable") > Array.IndexOf(kinds, "member-down"), $"newest first: {string.Join(", ", kinds)}");

        // What if: losing main now leaves nobody; losing dr (already gone) changes nothing.
        await Expect(page.Locator("#whatif [data-site=main]")).ToContainTextAsync("No member outside 'main' is reachable", Live);
        await Expect(page.Locator("#whatif [data-site=dr]")).ToContainTextAsync("keeps quorum");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: dr-1 down and the What if panel changed");
        await Screenshot(page, "console-node-down.png");
    }

    /// <summary>A downed member shows "down" until the leader removes it, then as configured but absent.</summary>
    [GeneratedRegex("^(down|removed|absent)$")]
    private static partial Regex DownOrGone();

    internal static async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Find(), "docs", "images", name), FullPage = true });
}

/// <summary>
/// The document's two screen captures in the console, on the shared persistence realm: the primary site's realm server
/// shows its clients (the primary set) live and the standby set offline, the DR realm server the reverse.
/// </summary>
[Collection(PersistenceRealmFixture.Collection)]
public sealed class StatusConsolePersistenceTests(PersistenceRealmFixture fixture)
{
    [ChromiumFact(Timeout = 90_000)]
    public async Task Each_realm_server_shows_its_clients_live_and_the_other_set_offline()
    {
        var realm = fixture.Realm;
        await realm.StartServersAsync([.. PersistenceSetsRealm.SetA.Concat(PersistenceSetsRealm.SetB).Where(s => !realm.Servers.ContainsKey(s))]);
        await using var browser = await Chromium.LaunchAsync();
        foreach (var (node, live, offline) in new[] { ("main-1", "_setA", "_setB"), ("dr-1", "_setB", "_setA") })
        {
            var page = await browser.Context.NewPageAsync();
            await page.GotoAsync(new Uri(realm.Nodes[node].AdminAddress!, "/console/").ToString());
            // The cookie is the host's, and both realm servers hold the realm's one admin token: one log-in serves both.
            if (node == "main-1")
            {
                await page.FillAsync("#token", realm.Realm.Files.AdminToken);
                await page.ClickAsync("#login-form button[type=submit]");
            }

            var liveSet = page.Locator($"#persistence [data-set='{live}']");
            await Expect(liveSet.Locator("h3")).ToContainTextAsync("3 of 3 live here", new() { Timeout = 30_000 });
            await Expect(liveSet.Locator("tr.live")).ToHaveCountAsync(3);
            await Expect(page.Locator($"#persistence [data-set='{offline}'] tr.offline")).ToHaveCountAsync(3);
            if (node == "main-1")
            {
                await Expect(page.Locator("#persistence [data-set='_setA'] h3")).ToContainTextAsync("primary");
                await Expect(page.Locator("#persistence .rpo")).ToContainTextAsync("Standby lag (live RPO)");
            }

            await StatusConsoleBrowserTests.Screenshot(page, $"console-persistence-{node}.png");
            await page.CloseAsync();
        }
    }
}
