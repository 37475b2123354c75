using ActorRealm.Server.Admin;

namespace ActorRealm.Server.StatusConsole;

/// <summary>One line of the status console's "Recent events" panel.</summary>
/// <param name="At">When this realm server noticed it (its clock).</param>
/// <param name="Kind">member-unreachable, member-reachable, member-down, member-up, member-left, quorum-lost, quorum-regained,
/// prime-changed, leader-changed, set-leader-changed, cut-over, migration, exported-suffix, server-offline, server-live.</param>
/// <param name="Message">What happened, for the operator.</param>
public sealed record ConsoleEventView(DateTimeOffset At, string Kind, string Message);

/// <summary>What the console compares from one sample to the next: the realm server's status and its persistence view.</summary>
/// <param name="Status">The admin status view.</param>
/// <param name="Persistence">The persistence view, or null when the realm defines no sets (or it could not be read).</param>
public sealed record ConsoleState(NodeStatusView Status, PersistenceStatusView? Persistence);

/// <summary>
/// Derives the "Recent events" from two successive snapshots of a realm server's view: pure, so every transition is
/// unit-tested; the feed (<see cref="StatusConsoleFeed"/>) keeps what it returns in a bounded ring buffer.
/// </summary>
public static class ConsoleEvents
{
    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>, noticed at <paramref name="at"/>.</summary>
    public static IReadOnlyList<ConsoleEventView> Between(ConsoleState before, ConsoleState after, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var events = new List<ConsoleEventView>();
        void Add(string kind, string message) => events.Add(new ConsoleEventView(at, kind, message));

        var (b, a) = (before.Status, after.Status);
        var previous = ByAddress(b.Members);
        foreach (var member in ByAddress(a.Members).Values)
        {
            var name = $"{member.Node} ({member.Site})";
            if (!previous.TryGetValue(member.Address, out var was))
            {
                continue;
            }

            if (was.Status != member.Status)
            {
                switch (member.Status)
                {
                    case "down":
                        Add("member-down", $"{name} is down");
                        break;
                    case MemberView.UpStatus:
                        Add("member-up", $"{name} is up (was {was.Status})");
                        break;
                    // A downed member is removed at the next leader action: a sample may never see it "down".
                    case "removed" or MemberView.AbsentStatus when was.Status is MemberView.UpStatus or "joining" && !was.Reachable:
                        Add("member-down", $"{name} is down (downed while unreachable, now {member.Status})");
                        break;
                    case "removed" or MemberView.AbsentStatus or "leaving" or "exiting" when was.Status is MemberView.UpStatus or "joining":
                        Add("member-left", $"{name} is {member.Status} (was {was.Status})");
                        break;
                }
            }

            if (was.Reachable && !member.Reachable && member.Status is MemberView.UpStatus or "joining" or "leaving")
            {
                Add("member-unreachable", $"{name} is unreachable from {a.Node}");
            }
            else if (!was.Reachable && member.Reachable && was.Status == member.Status)
            {
                Add("member-reachable", $"{name} is reachable again from {a.Node}");
            }
        }

        if (b.HasQuorum && !a.HasQuorum)
        {
            Add("quorum-lost", $"Quorum lost: {a.Quorum.Explanation}");
        }
        else if (!b.HasQuorum && a.HasQuorum)
        {
            Add("quorum-regained", $"Quorum regained: {a.Quorum.Explanation}");
        }

        if (b.PrimeSite != a.PrimeSite || b.PrimeEpoch != a.PrimeEpoch)
        {
            Add("prime-changed", $"The prime site is now '{a.PrimeSite}' (epoch {a.PrimeEpoch}, was '{b.PrimeSite}' epoch {b.PrimeEpoch})" +
                (a.PrimeSwitch is { } s ? $", switched by {s.SwitchedBy}" : string.Empty));
        }

        if (b.Leader != a.Leader)
        {
            Add("leader-changed", a.Leader is null ? $"The realm has no cluster leader seen from {a.Node} (was {b.Leader})" : $"The cluster leader is now {NodeAt(a, a.Leader)}");
        }

        PersistenceEvents(before.Persistence, after.Persistence, Add);
        return events;
    }

    private static void PersistenceEvents(PersistenceStatusView? before, PersistenceStatusView? after, Action<string, string> add)
    {
        if (before is null || after is null)
        {
            return;
        }

        var sets = before.Sets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var set in after.Sets)
        {
            if (!sets.TryGetValue(set.Name, out var was))
            {
                continue;
            }

            if (set.Leader is not null && set.Leader != was.Leader)
            {
                var term = set.Servers.FirstOrDefault(s => s.Name == set.Leader)?.Term;
                add("set-leader-changed", $"{set.Name} ({set.Role ?? "role unknown"}) is led by {set.Leader}{(term is null ? string.Empty : $" in term {term}")}" +
                    (was.Leader is null ? string.Empty : $" (was {was.Leader})"));
            }

            var servers = was.Servers.ToDictionary(s => s.Name, StringComparer.Ordinal);
            foreach (var server in set.Servers)
            {
                if (!servers.TryGetValue(server.Name, out var old))
                {
                    continue;
                }

                if (old.State != server.State)
                {
                    add(server.State == "live" ? "server-live" : "server-offline", $"{server.Name} ({set.Name}) is {server.State} at this realm server (was {old.State})");
                }

                if (server.ExportFile is { } file && file != old.ExportFile)
                {
                    add("exported-suffix", $"{server.Name} ({set.Name}) exported its log suffix{(server.ExportCount is { } n ? $" ({n} entries)" : string.Empty)} to {file}" +
                        (server.ExportDivergent == true ? ": a divergent suffix of the old primary, it may hold acknowledged messages" : string.Empty));
                }
            }
        }

        var primaryBefore = before.Sets.FirstOrDefault(s => s.Role == "primary");
        var primaryAfter = after.Sets.FirstOrDefault(s => s.Role == "primary");
        if (primaryBefore is not null && primaryAfter is not null && primaryBefore.Name != primaryAfter.Name)
        {
            var migration = after.Sets.Concat(before.Sets).SelectMany(s => s.Servers).Any(s => s.MigrationEpoch is { } e && e == primaryAfter.Epoch);
            add(migration ? "migration" : "cut-over",
                $"{(migration ? "Migration" : "Cut-over")}: {primaryAfter.Name} ({primaryAfter.Site}) is the primary set{(primaryAfter.Epoch is { } epoch ? $" in persistence epoch {epoch}" : string.Empty)}, was {primaryBefore.Name}");
        }
    }

    private static Dictionary<string, MemberView> ByAddress(IEnumerable<MemberView> members) =>
        members.GroupBy(m => m.Address, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static string NodeAt(NodeStatusView status, string address) =>
        status.Members.FirstOrDefault(m => m.Address == address) is { } m ? $"{m.Node} ({m.Site})" : address;
}

/// <summary>The newest events, at most a given number (oldest dropped first); safe to use from several threads.</summary>
public sealed class ConsoleEventLog(int capacity)
{
    private readonly Queue<ConsoleEventView> _events = new();
    private readonly Lock _lock = new();

    /// <summary>Adds events in order, dropping the oldest beyond the capacity.</summary>
    public void Add(IEnumerable<ConsoleEventView> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_lock)
        {
            foreach (var e in events)
            {
                _events.Enqueue(e);
                if (_events.Count > capacity)
                {
                    _events.Dequeue();
                }
            }
        }
    }

    /// <summary>The events held, newest first.</summary>
    public IReadOnlyList<ConsoleEventView> Newest()
    {
        lock (_lock)
        {
            return [.. _events.Reverse()];
        }
    }
}
