using ActorRealm.Contracts.Persistence;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.Server;

namespace ActorRealm.PersistenceSets.Status;

/// <summary>
/// Builds a realm server's <see cref="PersistenceDirectory"/> from the layout and its <see cref="PersistenceView"/>:
/// every server with the path of its server actor, and the primary set, epoch and leader as its live clients report
/// them (the newest epoch any of them follows wins; without live clients, the configured primary set in epoch 0).
/// </summary>
public static class PersistenceDirectoryBuilder
{
    /// <summary>The directory of <paramref name="view"/>'s realm server.</summary>
    /// <param name="layout">The realm's persistence layout.</param>
    /// <param name="view">The realm server's view of its clients.</param>
    /// <param name="protocol">The persistence servers' transport scheme (the realm's: <c>akka.ssl.tcp</c>, <c>akka.tcp</c>, with adapters).</param>
    /// <param name="systemName">Their actor system name (the realm's name).</param>
    public static PersistenceDirectory Build(PersistenceLayout layout, PersistenceView view, string protocol, string systemName)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(view);
        var live = view.Servers.Select(s => s.Status).OfType<PersistenceServerStatus>().ToList();
        var epoch = live.Count == 0 ? 0 : live.Max(s => s.Epoch);
        var current = live.Where(s => s.Epoch == epoch).ToList();
        var primarySet = current.FirstOrDefault(s => s.SetRole == SetRole.Primary)?.Set
            ?? current.Select(s => layout.OtherSet(s.Set).Name).FirstOrDefault()
            ?? layout.InitialPrimarySet.Name;
        var fromPrimary = current.Where(s => s.Set == primarySet).OrderByDescending(s => s.Term).ToList();
        var leader = fromPrimary.FirstOrDefault(s => s.Role == PersistenceRole.Leader)?.Server
            ?? fromPrimary.FirstOrDefault(s => s.Leader is not null)?.Leader;
        var servers = layout.Set(primarySet).Servers.Concat(layout.OtherSet(primarySet).Servers)
            .Select(s => new PersistenceServerEntry(s.Name, s.Set, s.Site, s.Address.ToString(), PersistenceServerOptions.PathOf(protocol, systemName, s)));
        return new PersistenceDirectory(view.RealmServer, primarySet, epoch, leader, [.. servers]);
    }
}
