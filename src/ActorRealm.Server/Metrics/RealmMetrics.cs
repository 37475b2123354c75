using ActorRealm.PersistenceSets.Status;
using ActorRealm.Server.Admin;

namespace ActorRealm.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c> of a realm server (docs/operations.md, "Metrics"): the realm as this node sees it (members per
/// site, reachability, quorum, prime site and epoch) and the persistence servers as this realm server sees them (its
/// clients with their last report, the others as not live). Rendered at each scrape from the same views as
/// <c>/api/status</c> and <c>/api/persistence</c>, so the page and the metrics never disagree.
/// </summary>
internal static class RealmMetrics
{
    /// <summary>The metrics text of <paramref name="status"/> and, when the realm has persistence sets, <paramref name="persistence"/>.</summary>
    public static string Render(NodeStatusView status, PersistenceView? persistence)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = new PrometheusText();
        Realm(text, status);
        if (persistence is not null)
        {
            Persistence(text, persistence);
        }

        return text.ToString();
    }

    private static void Realm(PrometheusText text, NodeStatusView s)
    {
        text.Gauge("actorrealm_node_info", "This realm server: its realm, name and site (always 1).", 1, ("realm", s.Realm), ("node", s.Node), ("site", s.Site));
        text.Gauge("actorrealm_quorum", "1 when this node's side of the realm has quorum.", s.HasQuorum ? 1 : 0);
        text.Gauge("actorrealm_serving", "1 when this node serves (up, and its side has quorum).", s.Serving ? 1 : 0);
        text.Gauge("actorrealm_quorum_reachable_nodes", "Configured nodes this side reaches, as the quorum rule counts them.", s.Quorum.Reachable);
        text.Gauge("actorrealm_quorum_nodes", "Configured nodes of the realm.", s.Quorum.Total);
        text.Gauge("actorrealm_prime_epoch", "The prime epoch this node knows (raised by each prime-site switch).", s.PrimeEpoch);
        foreach (var site in s.Sites)
        {
            text.Gauge("actorrealm_prime_site", "1 for the prime site, 0 for the others.", site.Prime ? 1 : 0, ("site", site.Name));
            var members = s.Members.Where(m => m.Site == site.Name).ToList();
            foreach (var state in members.Select(m => m.Status).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                text.Gauge("actorrealm_members", "Configured nodes per site and member status as this node sees them (absent: not a member).", members.Count(m => m.Status == state), ("site", site.Name), ("status", state));
            }

            text.Gauge("actorrealm_members_reachable", "Members of the site that this node's view marks reachable.", members.Count(m => m.Status != MemberView.AbsentStatus && m.Reachable), ("site", site.Name));
        }
    }

    private static void Persistence(PrometheusText text, PersistenceView view)
    {
        foreach (var set in view.Sets)
        {
            (string, string) setLabel = ("set", set.Set.Name);
            text.Gauge("actorrealm_persistence_set_primary", "1 when the set is primary in the newest epoch its live servers report here; 0 when standby; absent when none is live here.", set.Role == SetRole.Primary ? 1 : 0, setLabel, ("site", set.Set.Site));
            foreach (var server in set.Servers)
            {
                Server(text, set, server);
            }
        }
    }

    private static void Server(PrometheusText text, PersistenceSetView set, PersistenceServerView server)
    {
        (string, string)[] labels = [("set", set.Set.Name), ("server", server.Server.Name)];
        text.Gauge("actorrealm_persistence_server_live", "1 for a persistence server that is a client of this realm server; 0: defined in the realm, not a client of this realm server (offline here).", server.Status is null ? 0 : 1, [.. labels, ("site", set.Set.Site)]);
        if (server.Status is not { } s)
        {
            return;
        }

        foreach (var role in Enum.GetValues<PersistenceRole>())
        {
            text.Gauge("actorrealm_persistence_server_role", "1 for the role the server reports (leader, member, candidate), 0 for the others.", s.Role == role ? 1 : 0, [.. labels, ("role", role.ToString().ToLowerInvariant())]);
        }

        text.Gauge("actorrealm_persistence_server_serving", "1 for the primary leader that accepts publishes now.", s.Serving ? 1 : 0, labels);
        text.Gauge("actorrealm_persistence_server_term", "The server's election term in its set.", s.Term, labels);
        text.Gauge("actorrealm_persistence_server_epoch", "The persistence epoch the server follows.", s.Epoch, labels);
        text.Gauge("actorrealm_persistence_server_last_index", "The last index of the server's log.", s.LastIndex, labels);
        text.Gauge("actorrealm_persistence_server_committed_index", "The last index the server knows committed.", s.CommittedIndex, labels);
        text.Gauge("actorrealm_persistence_server_compacted_index", "The last index compacted into the server's snapshot (0: none).", s.CompactedThrough, labels);
        if (s.LagBehindLeader is { } lag)
        {
            text.Gauge("actorrealm_persistence_server_lag_entries", "Entries the server's leader holds that it does not.", lag, labels);
        }

        if (s.Standby is { } standby)
        {
            text.Gauge("actorrealm_persistence_standby_lag_messages", "At the primary leader: entries the standby set does not hold yet (the live RPO in async mode).", standby.Messages, labels);
            text.Gauge("actorrealm_persistence_standby_lag_bytes", "At the primary leader: their message bytes.", standby.Bytes, labels);
            text.Gauge("actorrealm_persistence_standby_lag_seconds", "At the primary leader: the age of the oldest of them.", standby.Time.TotalSeconds, labels);
        }

        foreach (var loss in s.UnreadDropped ?? [])
        {
            text.Gauge("actorrealm_persistence_unread_dropped_messages", "Messages retention dropped before a durable subscription read them, in all.", loss.Messages, [.. labels, ("channel", loss.Channel), ("subscription", loss.Subscription)]);
        }

        text.Gauge("actorrealm_persistence_client_sessions", "Client processes the server serves now: served a request in the last 60 s, connection open, not sent to another server.", s.ClientSessions, labels);
        text.Counter("actorrealm_persistence_publishes_acknowledged_total", "Publishes the server acknowledged as primary leader since it started.", s.PublishesAcknowledged, labels);
        if (s.PublishLatency is { } publish)
        {
            text.Histogram("actorrealm_persistence_publish_latency_seconds", "From a publish's arrival at the primary leader to its acknowledgement.", LatencyHistogram.Bounds, publish.Counts, publish.SumSeconds, labels);
        }

        if (s.JournalWriteLatency is { } journal)
        {
            text.Histogram("actorrealm_persistence_journal_write_seconds", "From handing a batch of writes to the journal to its being durable.", LatencyHistogram.Bounds, journal.Counts, journal.SumSeconds, labels);
        }
    }
}
