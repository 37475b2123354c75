using System.Collections.Immutable;
using ActorRealm.Cluster;

namespace ActorRealm.PersistenceSets.Layout;

/// <summary>One persistence set as the realm defines it (<c>actorrealm.persistence.sets.&lt;name&gt;</c>).</summary>
/// <param name="Name">The set's name.</param>
/// <param name="Site">The realm site its servers run at (<c>site</c>).</param>
/// <param name="Servers">Its servers, in the configured order (<c>servers</c>).</param>
/// <param name="RealmServers">
/// The realm servers of its site its servers connect to as clients, in the order they are tried
/// (<c>realm-servers</c>, by default every node of the site).
/// </param>
public sealed record PersistenceSetDefinition(
    string Name,
    string Site,
    ImmutableArray<PersistenceServerDefinition> Servers,
    ImmutableArray<NodeAddress> RealmServers)
{
    /// <summary>How many servers make a majority of the set (elections, acknowledgements).</summary>
    public int Majority => (Servers.Length / 2) + 1;

    /// <summary>Whether <paramref name="server"/> is a server of this set.</summary>
    public bool Contains(string server) => Servers.Any(s => s.Name == server);
}
