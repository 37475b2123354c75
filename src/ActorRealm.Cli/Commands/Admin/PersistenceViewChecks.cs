using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands.Admin;

/// <summary>Questions the commands that start realms ask of a realm server's view of the persistence servers.</summary>
internal static class PersistenceViewChecks
{
    /// <summary>Whether every server of the realm server's own site's set is its client, and that set has a leader.</summary>
    public static bool OwnSetSettled(this PersistenceStatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var own = view.Sets.SingleOrDefault(s => s.Site == view.Site);
        return own is not null && own.Live == own.Servers.Count && own.Leader is not null;
    }
}
