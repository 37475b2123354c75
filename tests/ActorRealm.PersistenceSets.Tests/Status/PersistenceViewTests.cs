using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.Status;
using ActorRealm.PersistenceSets.Tests.Layout;

namespace ActorRealm.PersistenceSets.Tests.Status;

/// <summary>
/// Each realm server's view of the persistence servers, as in the document's two screen captures: the
/// main realm server sees _setA live and _setB offline, the disaster-recovery realm server the reverse.
/// </summary>
public sealed class PersistenceViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly PersistenceLayout Layout = LayoutConfig.Read(LayoutConfig.DocumentExample).Layout!;

    // The primary set in epoch 0, term 3: a1 leads, a2 is up to date, a3 is 5 behind; the standby is 12 messages behind.
    private static readonly PersistenceServerStatus[] SetA =
    [
        new("a1", "_setA", "main", SetRole.Primary, PersistenceRole.Leader, 3, 0, 120, 118, "a1", null, new StandbyLag(12, 3072, TimeSpan.FromSeconds(1.5)), Now),
        new("a2", "_setA", "main", SetRole.Primary, PersistenceRole.Member, 3, 0, 120, 118, "a1", 0, null, Now),
        new("a3", "_setA", "main", SetRole.Primary, PersistenceRole.Member, 3, 0, 115, 115, "a1", 5, null, Now),
    ];

    // The standby set in epoch 0, term 1: b2 leads.
    private static readonly PersistenceServerStatus[] SetB =
    [
        new("b1", "_setB", "dr", SetRole.Standby, PersistenceRole.Member, 1, 0, 108, 108, "b2", 0, null, Now),
        new("b2", "_setB", "dr", SetRole.Standby, PersistenceRole.Leader, 1, 0, 108, 108, "b2", null, null, Now),
        new("b3", "_setB", "dr", SetRole.Standby, PersistenceRole.Member, 1, 0, 100, 100, "b2", 8, null, Now),
    ];

    [Fact]
    public void The_main_realm_server_sees_the_primary_set_live_and_the_standby_set_offline()
    {
        var view = PersistenceViewBuilder.Build(Layout, "main-1", "main", SetA);

        Assert.Equal(("main-1", "main", StandbyReplication.Async), (view.RealmServer, view.Site, view.StandbyReplication));
        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "b3"], view.Servers.Select(s => s.Server.Name));
        var setA = view.Set("_setA");
        Assert.Equal((true, SetRole.Primary, 0L, "a1", 3), (setA.InitialPrimary, setA.Role, setA.Epoch, setA.Leader, setA.LiveCount));
        Assert.All(setA.Servers, s => Assert.Equal(PersistenceServerState.Live, s.State));
        Assert.Equal(SetA, setA.Servers.Select(s => s.Status));
        Assert.Equal("primary leader, term 3, epoch 0, last 120, committed 118, standby lag 12 messages, 3072 bytes, 1.5 s", setA.Servers[0].Describe());
        Assert.Equal("primary member, term 3, epoch 0, last 115, committed 115, 5 behind a1", setA.Servers[2].Describe());

        var setB = view.Set("_setB");
        Assert.Equal((false, (SetRole?)null, (long?)null, (string?)null, 0), (setB.InitialPrimary, setB.Role, setB.Epoch, setB.Leader, setB.LiveCount));
        Assert.All(setB.Servers, s =>
        {
            Assert.Equal(PersistenceServerState.Offline, s.State);
            Assert.Null(s.Status);
            Assert.Equal("offline: defined in the realm, not a client of this realm server", s.Describe());
        });
        Assert.Empty(view.Servers.SelectMany(s => s.Notes));
        Assert.Empty(view.UndefinedClients);
    }

    [Fact]
    public void The_disaster_recovery_realm_server_sees_the_reverse()
    {
        var view = PersistenceViewBuilder.Build(Layout, "dr-1", "dr", SetB);

        Assert.Equal(["_setA", "_setB"], view.Sets.Select(s => s.Set.Name));
        Assert.All(view.Set("_setA").Servers, s => Assert.Equal(PersistenceServerView.OfflineText, s.Describe()));
        var setB = view.Set("_setB");
        Assert.Equal((SetRole.Standby, "b2", 3), (setB.Role, setB.Leader, setB.LiveCount));
        Assert.Equal(["b1", "b2", "b3"], setB.Servers.Select(s => s.Status!.Server));
        Assert.Equal("standby member, term 1, epoch 0, last 100, committed 100, 8 behind b2", setB.Servers[2].Describe());
    }

    [Fact]
    public void A_killed_server_is_offline_and_the_set_knows_its_leader_from_the_others()
    {
        var view = PersistenceViewBuilder.Build(Layout, "main-1", "main", SetA[1..]);
        var setA = view.Set("_setA");
        Assert.Equal(PersistenceServerState.Offline, setA.Servers[0].State);
        Assert.Equal(("a1", 2), (setA.Leader, setA.LiveCount));
    }

    [Fact]
    public void The_newest_epoch_and_term_say_what_the_set_is_and_who_leads_it()
    {
        // After a cut-over b1 leads the new primary set in epoch 1; b3 has not heard of it yet.
        var reports = new PersistenceServerStatus[]
        {
            SetB[2],
            SetB[0] with { SetRole = SetRole.Primary, Role = PersistenceRole.Leader, Term = 2, Epoch = 1, Leader = "b1", LagBehindLeader = null },
        };
        var setB = PersistenceViewBuilder.Build(Layout, "dr-1", "dr", reports).Set("_setB");
        Assert.Equal((SetRole.Primary, 1L, "b1", false), (setB.Role, setB.Epoch, setB.Leader, setB.InitialPrimary));
    }

    [Fact]
    public void Two_leaders_in_one_term_are_an_alarm_on_the_set()
    {
        var setA = PersistenceViewBuilder.Build(Layout, "main-1", "main", [SetA[0], SetA[1] with { Role = PersistenceRole.Leader }, SetA[2]]).Set("_setA");
        Assert.Equal<string>(["2 servers report as leader in epoch 0, term 3 (a1, a2): a set has one leader per term."], setA.Notes);

        var inOtherTerms = PersistenceViewBuilder.Build(Layout, "main-1", "main", [SetA[0], SetA[1] with { Role = PersistenceRole.Leader, Term = 4 }]).Set("_setA");
        Assert.Empty(inOtherTerms.Notes);
    }

    [Fact]
    public void Two_clients_reporting_as_one_server_show_the_latest_and_say_so()
    {
        var older = SetA[2] with { LastIndex = 90, ReportedAt = Now.AddSeconds(-5) };
        var view = PersistenceViewBuilder.Build(Layout, "main-1", "main", [SetA[2], older]);
        var a3 = view.Set("_setA").Servers[2];
        Assert.Equal(115, a3.Status!.LastIndex);
        Assert.Equal<string>(["2 clients report as this server: two processes run with server = a3; showing the latest report."], a3.Notes);
    }

    [Fact]
    public void A_report_that_contradicts_the_layout_is_shown_with_a_note()
    {
        var strayed = SetA[0] with { Set = "_setB", Site = "dr" };
        var a1 = PersistenceViewBuilder.Build(Layout, "main-1", "main", [strayed]).Set("_setA").Servers[0];
        Assert.Equal(PersistenceServerState.Live, a1.State);
        Assert.Equal<string>(["It reports set '_setB' at site 'dr', but the realm defines it in set '_setA' at site 'main': its configuration differs from the realm's."], a1.Notes);
    }

    [Fact]
    public void A_client_of_another_sites_realm_server_is_shown_with_a_note()
    {
        var b1 = PersistenceViewBuilder.Build(Layout, "main-1", "main", [SetB[0]]).Set("_setB").Servers[0];
        Assert.Equal(PersistenceServerState.Live, b1.State);
        Assert.Equal<string>(["It is a client of this realm server at site 'main' although its set runs at site 'dr': it should connect to a realm server of its own site."], b1.Notes);
    }

    [Fact]
    public void A_client_the_realm_does_not_define_is_listed_apart()
    {
        var stranger = SetA[1] with { Server = "x9" };
        var view = PersistenceViewBuilder.Build(Layout, "main-1", "main", [SetA[0], stranger]);
        Assert.Equal<PersistenceServerStatus>([stranger], view.UndefinedClients);
        Assert.Equal(6, view.Servers.Count());
        Assert.Equal(1, view.Set("_setA").LiveCount);
    }
}
