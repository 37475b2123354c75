using ActorRealm.Cluster;
using ActorRealm.PersistenceSets.Layout;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// Whether a realm server takes a persistence server as its client (ADR 0071): only a server the layout defines, in
/// the set and at the site it says, at the address the layout gives it, whose set runs at this realm server's site
/// and lists this realm server among its <c>realm-servers</c>. Pure.
/// </summary>
public static class ClientAdmission
{
    /// <summary>Null when <paramref name="hello"/> is accepted, else the reason it is refused.</summary>
    /// <param name="layout">The realm's persistence layout.</param>
    /// <param name="realmServer">This realm server's cluster address.</param>
    /// <param name="site">This realm server's site.</param>
    /// <param name="hello">What the persistence server says it is.</param>
    /// <param name="from">The address its messages come from (host and port of its actor system), if known.</param>
    public static string? Refusal(PersistenceLayout layout, NodeAddress realmServer, string site, PersistenceServerHello hello, NodeAddress? from)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(hello);
        if (!layout.TryGetServer(hello.Server, out var server))
        {
            return $"'{hello.Server}' is not a persistence server of this realm (defined: {string.Join(", ", layout.Servers.Select(s => s.Name))}).";
        }

        if (server.Set != hello.Set || server.Site != hello.Site)
        {
            return $"'{hello.Server}' says it runs in set '{hello.Set}' at site '{hello.Site}', but the realm defines it in set '{server.Set}' at site '{server.Site}': the two configurations differ.";
        }

        if (from is not null && from != server.Address)
        {
            return $"'{hello.Server}' is defined at {server.Address}, but this connection comes from {from}.";
        }

        if (server.Site != site)
        {
            return $"'{hello.Server}' runs at site '{server.Site}'; this realm server is at site '{site}', and a persistence server is a client of a realm server of its own site.";
        }

        var set = layout.Set(server.Set);
        return set.RealmServers.Contains(realmServer)
            ? null
            : $"set '{set.Name}' reports to realm servers {string.Join(", ", set.RealmServers)} (realm-servers), not to {realmServer}.";
    }
}
