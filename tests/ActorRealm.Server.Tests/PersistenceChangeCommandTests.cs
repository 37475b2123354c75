using System.Net;
using System.Net.Http.Json;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Tests.Support;

namespace ActorRealm.Server.Tests;

/// <summary><c>actorrealm persistence cutover</c> and <c>migrate</c> against an admin API with a stand-in node: answers, waiting, exit codes.</summary>
public sealed class PersistenceChangeCommandTests
{
    private static PersistenceLiveServerView Server(string name, string set, string setRole, string role, long epoch, bool serving, long? migrationEpoch = null, double? pause = null, string? abandoned = null) =>
        new(set == "_setA" ? "main-1" : "dr-1", name, set, setRole, role, epoch, 2, 10, serving, migrationEpoch, pause, null, null, abandoned);

    private static PersistenceChangeResultView Accepted(PersistenceChangeKind kind) =>
        new(PersistenceChangeResultView.AcceptedOutcome, kind == PersistenceChangeKind.CutOver ? "cutover" : "migration", "_setB", 1, kind == PersistenceChangeKind.CutOver ? "b2" : "a1", "dr-1", "taken");

    [Fact]
    public async Task Refusals_and_invalid_requests_exit_1_and_the_api_answers_409_and_400()
    {
        await using var admin = await AdminHarness.StartAsync();
        admin.Node.OnChange = (_, toSet, _) => toSet == "_setC"
            ? new(PersistenceChangeResultView.InvalidOutcome, "cutover", toSet, null, null, "dr-1", "there is no set '_setC'; the sets are '_setA', '_setB'")
            : new(PersistenceChangeResultView.RefusedOutcome, "cutover", toSet, null, "b2", "dr-1", "the realm guard refused the cut-over: 127.0.0.1:25520 is reachable now");

        var refused = CliRunner.Run("persistence", "cutover", "--to", "_setB", "--confirm-site-down", "main", "--admin", admin.Authority, "--token", AdminHarness.Token);
        Assert.Equal(1, refused.Exit);
        Assert.Equal("Refused by persistence server b2: the realm guard refused the cut-over: 127.0.0.1:25520 is reachable now\nNothing changed.\n", refused.Error.ReplaceLineEndings("\n"));
        var invalid = CliRunner.Run("persistence", "cutover", "--to", "_setC", "--confirm-site-down", "main", "--admin", admin.Authority, "--token", AdminHarness.Token);
        Assert.Equal(1, invalid.Exit);
        Assert.StartsWith("Refused by realm server dr-1: there is no set '_setC'", invalid.Error, StringComparison.Ordinal);
        var missing = CliRunner.Run("persistence", "cutover", "--to", "_setB", "--admin", admin.Authority);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("--confirm-site-down", missing.Error, StringComparison.Ordinal);

        using var http = admin.Client();
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync("api/persistence/cutover", new { toSet = "_setB", confirmSiteDown = "main" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("api/persistence/cutover", new { toSet = "_setC", confirmSiteDown = "main" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("api/persistence/migrate", new { confirmSiteDown = "main" })).StatusCode);
        admin.Node.OnChange = (_, _, _) => null;
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("api/persistence/migrate", new { toSet = "_setB" })).StatusCode);
    }

    [Fact]
    public async Task An_accepted_change_waits_for_the_new_primary_leader_and_reports_the_pause_or_the_abandonment()
    {
        await using var admin = await AdminHarness.StartAsync();
        string[] Run(params string[] args)
        {
            var (exit, output, error) = CliRunner.Run([.. args, "--admin", admin.Authority, "--token", AdminHarness.Token]);
            return [exit.ToString(System.Globalization.CultureInfo.InvariantCulture), output, error];
        }

        admin.Node.OnChange = (kind, _, _) => Accepted(kind);
        var noWait = Run("persistence", "cutover", "--to", "_setB", "--confirm-site-down", "main", "--no-wait");
        Assert.Equal("0", noWait[0]);
        Assert.Contains("Accepted by b2 (through realm server dr-1): '_setB' becomes primary in persistence epoch 1.", noWait[1], StringComparison.Ordinal);
        Assert.Contains("Not waiting (--no-wait)", noWait[1], StringComparison.Ordinal);

        // Nobody serves in epoch 1 before the deadline: exit 1, saying the change was accepted.
        admin.Node.PersistenceRealm = new("dr-1", ["dr-1"], [Server("b2", "_setB", "standby", "leader", 0, serving: false)]);
        var late = Run("persistence", "cutover", "--to", "_setB", "--confirm-site-down", "main", "--wait", "1s");
        Assert.Equal("1", late[0]);
        Assert.Contains("waiting: b2 leads '_setB' as standby in epoch 0 (epoch 1 asked), not serving yet", late[1], StringComparison.Ordinal);
        Assert.Contains("was accepted, but no leader of '_setB' serves as primary after 1 s", late[2], StringComparison.Ordinal);

        admin.Node.PersistenceRealm = new("dr-1", ["dr-1"], [Server("b2", "_setB", "primary", "leader", 1, serving: true)]);
        var served = Run("persistence", "cutover", "--to", "_setB", "--confirm-site-down", "main");
        Assert.Equal("0", served[0]);
        Assert.Contains("b2 (a client of dr-1) leads '_setB' as primary in epoch 1 and serves.", served[1], StringComparison.Ordinal);

        // A migration: an abandoned one from before is not this one; this one completes and its pause is printed.
        var before = Server("a1", "_setA", "primary", "leader", 0, serving: true, migrationEpoch: 1, pause: 5, abandoned: "the standby set did not hold everything within 100 ticks");
        admin.Node.PersistenceRealm = new("main-1", ["main-1", "dr-1"], [before, Server("b2", "_setB", "standby", "leader", 0, serving: false)]);
        admin.Node.OnChange = (kind, _, _) =>
        {
            admin.Node.PersistenceRealm = new("main-1", ["main-1", "dr-1"], [before, Server("b2", "_setB", "primary", "leader", 1, serving: true)]);
            return Accepted(kind);
        };
        var reads = admin.Node.PersistenceRealmReads;
        var waiting = Task.Run(() => Run("persistence", "migrate", "--to", "_setB", "--wait", "20s"));
        // The CLI has looked at the realm twice after its command was accepted, and still waits.
        await Eventually.Until(() => Task.FromResult(admin.Node.PersistenceRealmReads >= reads + 2 || waiting.IsCompleted ? this : null), TimeSpan.FromSeconds(20), "the CLI to poll the realm's persistence view");
        Assert.False(waiting.IsCompleted, "the earlier abandoned migration was taken for this one");
        admin.Node.PersistenceRealm = new("main-1", ["main-1", "dr-1"], [Server("a1", "_setA", "standby", "member", 1, serving: false, migrationEpoch: 1, pause: 0.35), Server("b2", "_setB", "primary", "leader", 1, serving: true)]);
        var migrated = await waiting;
        Assert.Equal("0", migrated[0]);
        Assert.Contains("Publish pause: 0.35 s (new publishes held by a1", migrated[1], StringComparison.Ordinal);

        // This one is abandoned: exit 1, and the primary serves again.
        admin.Node.OnChange = (kind, _, _) =>
        {
            admin.Node.PersistenceRealm = new("main-1", ["main-1"], [Server("a1", "_setA", "primary", "leader", 1, serving: true, migrationEpoch: 2, pause: 5, abandoned: "the standby set did not hold everything within 100 ticks")]);
            return Accepted(kind) with { NewEpoch = 2 };
        };
        var abandoned = Run("persistence", "migrate", "--to", "_setB");
        Assert.Equal("1", abandoned[0]);
        Assert.Contains("The migration to epoch 2 was abandoned by a1 after holding publishes for 5 s: the standby set did not hold everything within 100 ticks. '_setA' stays primary and serves again; nothing was lost.", abandoned[2], StringComparison.Ordinal);
    }
}
