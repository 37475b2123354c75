using System.Collections.Immutable;
using ActorRealm.PersistenceSets.Layout;

namespace ActorRealm.PersistenceSets.Status;

/// <summary>Whether a realm server has a defined persistence server's live state.</summary>
public enum PersistenceServerState
{
    /// <summary>The server is a client of this realm server and reported its status.</summary>
    Live,

    /// <summary>The server is defined in the realm but is not a client of this realm server.</summary>
    Offline,
}

/// <summary>One defined persistence server as a realm server sees it.</summary>
/// <param name="Server">Its definition in the layout.</param>
/// <param name="Status">What it reported, when it is a client of this realm server; else null.</param>
/// <param name="Notes">What does not add up: a report that contradicts the layout, or several clients reporting as this server.</param>
public sealed record PersistenceServerView(PersistenceServerDefinition Server, PersistenceServerStatus? Status, ImmutableArray<string> Notes)
{
    /// <summary>How an offline server is shown: the document's wording.</summary>
    public const string OfflineText = "offline: defined in the realm, not a client of this realm server";

    /// <summary>Live when it reported to this realm server, else offline.</summary>
    public PersistenceServerState State => Status is null ? PersistenceServerState.Offline : PersistenceServerState.Live;

    /// <summary>Its state in one line: <see cref="OfflineText"/>, or its role, term, epoch and indexes.</summary>
    public string Describe() => Status is not { } s
        ? OfflineText
        : $"{s.SetRole.ToString().ToLowerInvariant()} {s.Role.ToString().ToLowerInvariant()}, term {s.Term}, epoch {s.Epoch}, last {s.LastIndex}, committed {s.CommittedIndex}" +
          (s.LagBehindLeader is { } lag ? $", {lag} behind {s.Leader}" : string.Empty) +
          (s.Standby is { } standby ? $", standby lag {standby.Messages} messages, {standby.Bytes} bytes, {standby.Time.TotalSeconds:0.#} s" : string.Empty) +
          (s.LastMigration is { Abandoned: null } m ? $", migrated to epoch {m.NewEpoch} with a publish pause of {m.PublishPause.TotalSeconds:0.###} s" : string.Empty) +
          (s.LastMigration is { Abandoned: { } why } a ? $", migration to epoch {a.NewEpoch} abandoned after {a.PublishPause.TotalSeconds:0.###} s: {why}" : string.Empty) +
          (s.LastExport is { FromOldEpoch: true } x ? $", EXPORTED {x.Count} divergent entries from index {x.FromIndex} (epoch {x.NewEpoch}) to {x.File}" : string.Empty) +
          (s.LastExport is { FromOldEpoch: false } y ? $", exported {y.Count} superseded entries to {y.File}" : string.Empty) +
          (s.CompactedThrough > 0 ? $", compacted through {s.CompactedThrough}" : string.Empty) +
          string.Concat((s.UnreadDropped ?? []).Select(d =>
              $", RETENTION DROPPED {d.Messages} unread messages of durable subscription '{d.Subscription}' on '{d.Channel}' (last: offsets {d.LastFrom} to {d.LastTo - 1})"));
}

/// <summary>One defined set as a realm server sees it.</summary>
/// <param name="Set">Its definition in the layout.</param>
/// <param name="InitialPrimary">Whether it is the configured primary set of epoch 0.</param>
/// <param name="Role">What its live servers report it is in the newest epoch they know; null when none is live here.</param>
/// <param name="Epoch">That epoch; null when none is live here.</param>
/// <param name="Leader">Its leader as the newest live report knows it; null when unknown here.</param>
/// <param name="Servers">Every defined server of the set, in the configured order.</param>
/// <param name="Notes">Safety alarms visible from here, such as two leaders reported in one term.</param>
public sealed record PersistenceSetView(
    PersistenceSetDefinition Set,
    bool InitialPrimary,
    SetRole? Role,
    long? Epoch,
    string? Leader,
    ImmutableArray<PersistenceServerView> Servers,
    ImmutableArray<string> Notes)
{
    /// <summary>How many of its servers are clients of this realm server.</summary>
    public int LiveCount => Servers.Count(s => s.State == PersistenceServerState.Live);
}

/// <summary>
/// The persistence cluster from one realm server's perspective: every defined server, grouped by set;
/// those that are its clients with their live state, every other one offline. Build it with
/// <see cref="PersistenceViewBuilder.Build"/>.
/// </summary>
/// <param name="RealmServer">The realm server whose view this is.</param>
/// <param name="Site">Its site.</param>
/// <param name="StandbyReplication">The configured standby replication mode.</param>
/// <param name="Sets">Both sets, by name.</param>
/// <param name="UndefinedClients">Clients reporting as a server the realm does not define (a configuration from another realm, or stale).</param>
public sealed record PersistenceView(
    string RealmServer,
    string Site,
    StandbyReplication StandbyReplication,
    ImmutableArray<PersistenceSetView> Sets,
    ImmutableArray<PersistenceServerStatus> UndefinedClients)
{
    /// <summary>The set named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">The view has no such set.</exception>
    public PersistenceSetView Set(string name) => Sets.Single(s => s.Set.Name == name);

    /// <summary>Every server of both sets.</summary>
    public IEnumerable<PersistenceServerView> Servers => Sets.SelectMany(s => s.Servers);
}
