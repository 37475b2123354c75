namespace ActorRealm.Cluster;

/// <summary>
/// The lifecycle of a member: <c>Joining -> Up -> Leaving -> Exiting -> Removed</c>, with
/// <c>Down</c> reachable from every live status (and leading only to <c>Removed</c>).
/// </summary>
public enum MemberStatus
{
    /// <summary>Asked to join; not yet moved up by the leader.</summary>
    Joining,

    /// <summary>A full member.</summary>
    Up,

    /// <summary>Asked to leave; the leader will move it to <see cref="Exiting"/>.</summary>
    Leaving,

    /// <summary>Handing over before removal.</summary>
    Exiting,

    /// <summary>Declared dead by downing (or an operator); will be removed.</summary>
    Down,

    /// <summary>Gone. Removed members are dropped from the gossip and remembered as tombstones.</summary>
    Removed,
}

/// <summary>The legal member status transitions and the precedence used when gossips disagree.</summary>
public static class MemberStatusRules
{
    /// <summary>Whether a member may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsLegal(MemberStatus from, MemberStatus to) => (from, to) switch
    {
        (MemberStatus.Joining, MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Down or MemberStatus.Removed) => true,
        (MemberStatus.Up, MemberStatus.Leaving or MemberStatus.Down or MemberStatus.Removed) => true,
        (MemberStatus.Leaving, MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed) => true,
        (MemberStatus.Exiting, MemberStatus.Down or MemberStatus.Removed) => true,
        (MemberStatus.Down, MemberStatus.Removed) => true,
        _ => false,
    };

    /// <summary>
    /// Precedence when two gossips hold different statuses for the same incarnation: the later
    /// lifecycle stage wins, and <c>Down</c> and <c>Removed</c> win over everything (as in Akka).
    /// </summary>
    public static int Precedence(MemberStatus status) => status switch
    {
        MemberStatus.Joining => 0,
        MemberStatus.Up => 1,
        MemberStatus.Leaving => 2,
        MemberStatus.Exiting => 3,
        MemberStatus.Down => 4,
        MemberStatus.Removed => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown member status."),
    };
}
