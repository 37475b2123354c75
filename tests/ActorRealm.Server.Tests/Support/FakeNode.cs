using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.Server.Admin;

namespace ActorRealm.Server.Tests.Support;

/// <summary>A stand-in for a running node behind the admin API: tests set what it answers and read what it was asked.</summary>
internal sealed class FakeNode : INodeAdministration
{
    public NodeStatusView Current { get; set; } = Sample();

    public Func<string, string, string, PrimeSwitchResultView> OnSwitch { get; set; } =
        (site, _, _) => new PrimeSwitchResultView(false, "main", 0, [], "OldPrimeRecentlyReachable", $"Refusing to switch to '{site}': 127.0.0.1:1 was reachable 2 s ago.");

    public List<(string Site, string ConfirmSiteDown, string RequestedBy)> Requests { get; } = [];

    public static NodeStatusView Sample(string status = "up", bool quorum = true, bool serving = true) => new(
        "demo",
        "main-1",
        "127.0.0.1:25520",
        "main",
        status,
        quorum,
        new QuorumView(quorum ? "Majority" : "HalfWithoutPrimeSite", quorum ? "quorum: 3 of 4 members reachable, more than half" : "no quorum: 2 of 4 members reachable, exactly half, but prime site 'main' is missing 127.0.0.1:25521", quorum ? 3 : 2, 4),
        serving,
        status == "up" && quorum && serving,
        "main",
        0,
        null,
        "127.0.0.1:25520",
        [
            new MemberView("main-1", "main", "127.0.0.1:25520", status, true, 11, true, true, [], ["api", "store"]),
            new MemberView("main-2", "main", "127.0.0.1:25521", "up", true, 12, false, false, [], []),
            new MemberView("dr-1", "dr", "127.0.0.1:25522", "up", false, 13, false, false, ["127.0.0.1:25520"], []),
            new MemberView("127.0.0.1:25523", "dr", "127.0.0.1:25523", "absent", false, null, false, false, [], []),
        ],
        [new SiteView("dr", false, ["127.0.0.1:25522", "127.0.0.1:25523"]), new SiteView("main", true, ["127.0.0.1:25520", "127.0.0.1:25521"])],
        DateTimeOffset.UnixEpoch);

    /// <summary>What <c>/api/persistence</c> answers; null: the realm defines no persistence sets.</summary>
    public PersistenceStatusView? Persistence { get; set; }

    public NodeStatusView Status() => Current;

    /// <summary>What a cut-over or migration answers; null: the realm defines no persistence sets.</summary>
    public Func<PersistenceChangeKind, string, string, PersistenceChangeResultView?> OnChange { get; set; } = (_, _, _) => null;

    /// <summary>What <c>/api/persistence/realm</c> answers.</summary>
    private int _persistenceRealmReads;

    public PersistenceRealmView? PersistenceRealm { get; set; }

    public Task<PersistenceChangeResultView?> ChangePersistencePrimaryAsync(PersistenceChangeKind kind, string toSet, string confirmSiteDown, string requestedBy, CancellationToken cancellationToken) =>
        Task.FromResult(OnChange(kind, toSet, confirmSiteDown));

    /// <summary>How many times the realm-wide persistence view was asked for (a waiting CLI polls it).</summary>
    public int PersistenceRealmReads => _persistenceRealmReads;

    public Task<PersistenceRealmView?> PersistenceRealmAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _persistenceRealmReads);
        return Task.FromResult(PersistenceRealm);
    }

    public Task<PersistenceStatusView?> PersistenceAsync(CancellationToken cancellationToken) => Task.FromResult(Persistence);

    public string Metrics { get; set; } = "# HELP actorrealm_quorum q\n# TYPE actorrealm_quorum gauge\nactorrealm_quorum 1\n";

    public Task<string> MetricsAsync(CancellationToken cancellationToken) => Task.FromResult(Metrics);

    public Task<PrimeSwitchResultView> SwitchPrimeAsync(string site, string confirmSiteDown, string requestedBy, CancellationToken cancellationToken)
    {
        Requests.Add((site, confirmSiteDown, requestedBy));
        return Task.FromResult(OnSwitch(site, confirmSiteDown, requestedBy));
    }
}
