using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Server;

namespace ActorRealm.PersistenceSets.Tests.Server;

/// <summary>When a persistence server answers its readiness probe with 200, by role, and what it says when it does not.</summary>
public sealed class PersistenceReadinessTests
{
    private static readonly ReplicationStatus PrimaryLeader = new(
        "a1", "_setA", "main", SetRole.Leader, SetIsPrimary: true, Serving: true, Leader: "a1", Term: 4, Epoch: 0, LastIndex: 100, DurableIndex: 100,
        CommitIndex: 100, LagBehindLeader: 0, Standby: null, Migrating: false, LastExport: null, HasRealmQuorum: true);

    private static readonly ReplicationStatus PrimaryMember = PrimaryLeader with { Server = "a2", Role = SetRole.Member, Serving = false, LagBehindLeader = 10 };

    private static readonly ReplicationStatus StandbyLeader = PrimaryLeader with { Server = "b1", Set = "_setB", Site = "dr", SetIsPrimary = false, Serving = false, Leader = "b1" };

    public static TheoryData<string, ReplicationStatus, bool, string> Cases() => new()
    {
        { "primary leader serving", PrimaryLeader, true, "a1 leads the primary set '_setA' in term 4 and accepts publishes" },
        { "primary member close behind", PrimaryMember, true, "a2 follows a1 in its primary set '_setA', 10 entries behind" },
        { "standby leader", StandbyLeader, true, "b1 leads the standby set '_setB' in term 4" },
        { "standby member", StandbyLeader with { Server = "b2", Role = SetRole.Member, LagBehindLeader = 1000 }, true, "b2 follows b1 in its standby set '_setB', 1000 entries behind" },
        { "not linked / no quorum", PrimaryLeader with { HasRealmQuorum = false, Serving = false }, false, "a1 holds no quorum lease from a realm server of site 'main' (not linked yet, or its side of the realm has no quorum)" },
        { "member not linked", PrimaryMember with { HasRealmQuorum = false }, false, "a2 holds no quorum lease from a realm server of site 'main' (not linked yet, or its side of the realm has no quorum)" },
        { "candidate", PrimaryMember with { Role = SetRole.Candidate, Leader = null }, false, "a2 is a candidate in an election of its primary set '_setA' (term 4)" },
        { "no leader known", PrimaryMember with { Leader = null }, false, "a2 knows no leader of its primary set '_setA' yet" },
        { "member catching up", PrimaryMember with { LagBehindLeader = 1001 }, false, "a2 is 1001 entries behind its leader a1 (ready at 1000 or fewer)" },
        { "primary leader migrating", PrimaryLeader with { Serving = false, Migrating = true }, false, "a1 leads the primary set '_setA' but holds publishes while a migration hands over" },
        { "primary leader not serving yet", PrimaryLeader with { Serving = false }, false, "a1 leads the primary set '_setA' but does not accept publishes yet" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Readiness_follows_the_role(string situation, ReplicationStatus status, bool ready, string reason)
    {
        var readiness = PersistenceReadiness.Of(status, maxLag: 1000);

        Assert.Equal((ready, reason), (readiness.Ready, readiness.Reason));
        Assert.NotEmpty(situation);
    }

    [Fact]
    public void A_server_recovering_its_journal_is_not_ready()
    {
        Assert.Equal(new PersistenceReadiness(false, "a1 is recovering its journal"), PersistenceReadiness.Recovering("a1"));
    }
}

/// <summary>Which clients count as sessions of a persistence server.</summary>
public sealed class ClientSessionsTests
{
    private const string Client1 = "akka.tcp://app@10.0.0.5:40001";
    private const string Client2 = "akka.tcp://app@10.0.0.6:40001";

    [Fact]
    public void A_client_served_counts_until_its_connection_closes_or_it_is_sent_elsewhere()
    {
        var sessions = new ClientSessions();
        sessions.Served(Client1, TimeSpan.FromSeconds(1));
        sessions.Served(Client1, TimeSpan.FromSeconds(2));
        sessions.Served(Client2, TimeSpan.FromSeconds(2));
        Assert.Equal(2, sessions.Count(TimeSpan.FromSeconds(3)));

        sessions.Closed(Client1);
        Assert.Equal(1, sessions.Count(TimeSpan.FromSeconds(3)));

        sessions.SentElsewhere(Client2);
        Assert.Equal(0, sessions.Count(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void A_client_idle_longer_than_the_idle_limit_drops_out()
    {
        var sessions = new ClientSessions();
        sessions.Served(Client1, TimeSpan.Zero);
        sessions.Served(Client2, TimeSpan.FromSeconds(30));

        Assert.Equal(2, sessions.Count(ClientSessions.IdleAfter));
        Assert.Equal(1, sessions.Count(ClientSessions.IdleAfter + TimeSpan.FromSeconds(1)));
        Assert.Equal(0, sessions.Count(ClientSessions.IdleAfter + TimeSpan.FromSeconds(31)));
    }
}
