namespace ActorRealm.PersistenceSets.Replication;

/// <summary>The answer to a client request.</summary>
public abstract record ClientResult
{
    private protected ClientResult()
    {
    }
}

/// <summary>
/// The request is durable as the standby mode requires (a majority of the primary set; in sync mode also a
/// majority of the standby set). A duplicate publish is answered with its original index.
/// </summary>
/// <param name="Index">The entry's index in the log.</param>
/// <param name="Epoch">The epoch of the leader that acknowledged it.</param>
public sealed record Acknowledged(long Index, long Epoch) : ClientResult;

/// <summary>This server is not the primary leader; ask <paramref name="Leader"/>.</summary>
/// <param name="Leader">The server this one believes to be the primary leader.</param>
public sealed record Redirect(string Leader) : ClientResult;

/// <summary>Why a request was refused.</summary>
public enum RefusalReason
{
    /// <summary>No primary leader is known here; ask another server or retry.</summary>
    NoLeaderKnown,

    /// <summary>This server is the primary leader but its side of the realm has no quorum.</summary>
    NoRealmQuorum,

    /// <summary>A migration is handing over; retry (the client library retries, the application sees a delay).</summary>
    HandoverInProgress,

    /// <summary>The leader lost its leadership before the entry was acknowledged; retry with the same producer sequence.</summary>
    LeadershipLost,

    /// <summary>The producer sequence is below one already stored but was never stored itself.</summary>
    SequenceAlreadyPassed,
}

/// <summary>The request was not carried out (or its outcome is unknown: retry with the same producer sequence).</summary>
/// <param name="Reason">Why.</param>
/// <param name="Message">For people.</param>
public sealed record Refused(RefusalReason Reason, string Message) : ClientResult;

/// <summary>The answer to an administrator's cut-over or migration.</summary>
public abstract record AdminResult
{
    private protected AdminResult()
    {
    }
}

/// <summary>The command was taken: the set is becoming primary in <paramref name="NewEpoch"/> (completion is a <see cref="BecamePrimary"/> event).</summary>
/// <param name="NewEpoch">The new epoch.</param>
/// <param name="Change">Cut-over or migration.</param>
public sealed record AdminAccepted(long NewEpoch, EpochChange Change) : AdminResult;

/// <summary>Give the command to <paramref name="Leader"/> (the leader of the set that must carry it out).</summary>
/// <param name="Leader">The leader.</param>
public sealed record AdminRedirect(string Leader) : AdminResult;

/// <summary>The command was refused.</summary>
/// <param name="Message">Why, for the administrator.</param>
public sealed record AdminRefused(string Message) : AdminResult;
