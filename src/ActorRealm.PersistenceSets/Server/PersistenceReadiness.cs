using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>Whether a persistence server can serve its role now, and why not (its <c>/health/ready</c>).</summary>
/// <param name="Ready">True when it can serve its role.</param>
/// <param name="Reason">What it does when ready; what it lacks when not.</param>
public sealed record PersistenceReadiness(bool Ready, string Reason)
{
    /// <summary>The answer while the journal is still being recovered (the server has no state to serve from yet).</summary>
    public static PersistenceReadiness Recovering(string server) =>
        new(false, $"{server} is recovering its journal");

    /// <summary>
    /// Judges a recovered server's state (docs/operations.md, "Health of a persistence server"): it is ready when its
    /// realm server has linked it and granted a quorum lease for its side, its set has a leader it knows, and then by
    /// role: the primary leader serves publishes; a standby leader receives; a member is at most
    /// <paramref name="maxLag"/> entries behind its leader. A candidate is never ready (its set is electing).
    /// </summary>
    public static PersistenceReadiness Of(ReplicationStatus status, long maxLag)
    {
        ArgumentNullException.ThrowIfNull(status);
        var me = status.Server;
        var set = status.SetIsPrimary ? "primary" : "standby";
        if (!status.HasRealmQuorum)
        {
            return new(false, $"{me} holds no quorum lease from a realm server of site '{status.Site}' (not linked yet, or its side of the realm has no quorum)");
        }

        if (status.Role == SetRole.Candidate)
        {
            return new(false, $"{me} is a candidate in an election of its {set} set '{status.Set}' (term {status.Term})");
        }

        if (status.Leader is null)
        {
            return new(false, $"{me} knows no leader of its {set} set '{status.Set}' yet");
        }

        if (status.Role == SetRole.Leader)
        {
            if (!status.SetIsPrimary)
            {
                return new(true, $"{me} leads the standby set '{status.Set}' in term {status.Term}");
            }

            return status.Serving
                ? new(true, $"{me} leads the primary set '{status.Set}' in term {status.Term} and accepts publishes")
                : new(false, status.Migrating
                    ? $"{me} leads the primary set '{status.Set}' but holds publishes while a migration hands over"
                    : $"{me} leads the primary set '{status.Set}' but does not accept publishes yet");
        }

        return status.LagBehindLeader > maxLag
            ? new(false, $"{me} is {status.LagBehindLeader} entries behind its leader {status.Leader} (ready at {maxLag} or fewer)")
            : new(true, $"{me} follows {status.Leader} in its {set} set '{status.Set}', {status.LagBehindLeader} entries behind");
    }
}
