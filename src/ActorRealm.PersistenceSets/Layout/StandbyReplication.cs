namespace ActorRealm.PersistenceSets.Layout;

/// <summary>When a publish is acknowledged with respect to the standby set (<c>actorrealm.persistence.standby-replication</c>).</summary>
public enum StandbyReplication
{
    /// <summary>After a majority of the primary set holds it durably; the standby set follows behind (<c>async</c>).</summary>
    Async,

    /// <summary>Also after the standby set holds it durably (<c>sync</c>).</summary>
    Sync,
}
