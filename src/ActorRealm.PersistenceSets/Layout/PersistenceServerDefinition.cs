using ActorRealm.Cluster;

namespace ActorRealm.PersistenceSets.Layout;

/// <summary>One persistence server as the realm defines it (an entry of <c>actorrealm.persistence.sets.&lt;set&gt;.servers</c>).</summary>
/// <param name="Name">Its name, unique in the realm (<c>name</c>); what <c>actorrealm.persistence.server</c> selects.</param>
/// <param name="Set">The set it belongs to.</param>
/// <param name="Site">The site of its set.</param>
/// <param name="Address">Where it listens for the other persistence servers (<c>address</c>).</param>
public sealed record PersistenceServerDefinition(string Name, string Set, string Site, NodeAddress Address)
{
    /// <summary>Returns <c>name (set at site, address)</c>.</summary>
    public override string ToString() => $"{Name} ({Set} at {Site}, {Address})";
}
