using System.Collections.Immutable;
using ActorRealm.PersistenceSets.Layout;

namespace ActorRealm.PersistenceSets.Status;

/// <summary>
/// Builds a realm server's <see cref="PersistenceView"/> from the layout and what its clients reported.
/// Pure: the realm server's registry actor keeps the latest status of each connected client and asks
/// this for the admin API and the CLI.
/// </summary>
public static class PersistenceViewBuilder
{
    /// <summary>
    /// The view of realm server <paramref name="realmServer"/> at <paramref name="site"/>, whose
    /// current clients reported <paramref name="clients"/> (the latest status of each connection).
    /// </summary>
    public static PersistenceView Build(PersistenceLayout layout, string realmServer, string site, IEnumerable<PersistenceServerStatus> clients)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(clients);
        var byServer = clients.GroupBy(c => c.Server, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var sets = layout.Sets.Select(set => SetView(layout, set, site, byServer)).ToImmutableArray();
        var undefined = byServer.Where(c => !layout.TryGetServer(c.Key, out _)).SelectMany(c => c.Value).OrderBy(c => c.Server, StringComparer.Ordinal).ToImmutableArray();
        return new PersistenceView(realmServer, site, layout.StandbyReplication, sets, undefined);
    }

    private static PersistenceSetView SetView(PersistenceLayout layout, PersistenceSetDefinition set, string site, Dictionary<string, List<PersistenceServerStatus>> byServer)
    {
        var servers = set.Servers.Select(server => ServerView(server, site, byServer.GetValueOrDefault(server.Name) ?? [])).ToImmutableArray();
        var live = servers.Select(s => s.Status).OfType<PersistenceServerStatus>().ToList();
        // The newest report knows the most: a higher epoch, then a higher term, supersedes what others say.
        var newest = live.OrderByDescending(s => s.Epoch).ThenByDescending(s => s.Term).FirstOrDefault();
        var notes = live.Where(s => s.Role == PersistenceRole.Leader)
            .GroupBy(s => (s.Epoch, s.Term))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Count()} servers report as leader in epoch {g.Key.Epoch}, term {g.Key.Term} ({string.Join(", ", g.Select(s => s.Server))}): a set has one leader per term.")
            .ToImmutableArray();
        return new PersistenceSetView(
            set,
            set == layout.InitialPrimarySet,
            newest?.SetRole,
            newest?.Epoch,
            newest is null ? null : newest.Role == PersistenceRole.Leader ? newest.Server : newest.Leader,
            servers,
            notes);
    }

    private static PersistenceServerView ServerView(PersistenceServerDefinition server, string site, List<PersistenceServerStatus> reports)
    {
        if (reports.Count == 0)
        {
            return new PersistenceServerView(server, null, []);
        }

        var status = reports.MaxBy(r => r.ReportedAt)!;
        var notes = ImmutableArray.CreateBuilder<string>();
        if (reports.Count > 1)
        {
            notes.Add($"{reports.Count} clients report as this server: two processes run with server = {server.Name}; showing the latest report.");
        }

        if (status.Set != server.Set || status.Site != server.Site)
        {
            notes.Add($"It reports set '{status.Set}' at site '{status.Site}', but the realm defines it in set '{server.Set}' at site '{server.Site}': its configuration differs from the realm's.");
        }

        if (server.Site != site)
        {
            notes.Add($"It is a client of this realm server at site '{site}' although its set runs at site '{server.Site}': it should connect to a realm server of its own site.");
        }

        return new PersistenceServerView(server, status, notes.ToImmutable());
    }
}
