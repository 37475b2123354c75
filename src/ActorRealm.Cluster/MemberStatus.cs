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

    /// <summary>Gone: no longer in the membership.</summary>
    Removed,
}

/// <summary>The legal member status transitions.</summary>
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
}
