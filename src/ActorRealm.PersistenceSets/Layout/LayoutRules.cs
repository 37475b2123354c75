using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ActorRealm.Cluster;
using static ActorRealm.PersistenceSets.Layout.LayoutDraft;

namespace ActorRealm.PersistenceSets.Layout;

/// <summary>
/// The rules a persistence set layout must follow, over what was written (<see cref="LayoutDraft"/>):
/// each broken rule is one problem naming the user's key, so one start reports everything to fix.
/// </summary>
internal static partial class LayoutRules
{
    /// <summary>Every broken rule; empty when the draft makes a layout (or defines no persistence cluster).</summary>
    public static List<string> Errors(LayoutDraft draft)
    {
        var errors = new List<string>();
        if (!draft.IsConfigured)
        {
            return errors;
        }

        errors.AddRange(SetCount(draft));
        foreach (var set in draft.Sets)
        {
            errors.AddRange(SetProblems(set, draft.RealmSites));
        }

        errors.AddRange(SharedSites(draft.Sets));
        errors.AddRange(DuplicateServers(draft.Sets));
        errors.AddRange(AddressProblems(draft.Sets, draft.RealmSites));
        errors.AddRange(SelectionProblems(draft));
        return errors;
    }

    /// <summary>What a valid layout should still be told about: sets that tolerate fewer lost servers than their size suggests.</summary>
    public static List<string> Warnings(PersistenceLayout layout)
    {
        var warnings = new List<string>();
        foreach (var set in layout.Sets)
        {
            var count = set.Servers.Length;
            if (count == 1)
            {
                warnings.Add($"Set '{set.Name}' has one server: while it is down the set has no leader. Three servers are usual.");
            }
            else if (count % 2 == 0)
            {
                warnings.Add($"Set '{set.Name}' has {count} servers: a majority is {set.Majority}, so it survives losing {count - set.Majority}, no more than a set of {count - 1}. An odd number (three) is usual.");
            }
        }

        if (layout.Sets.Select(s => s.Servers.Length).Distinct().Count() > 1)
        {
            warnings.Add($"The sets have unequal numbers of servers ({string.Join(", ", layout.Sets.Select(s => $"{s.Name}: {s.Servers.Length}"))}): after a cut-over or migration the primary set survives a different number of lost servers.");
        }

        return warnings;
    }

    /// <summary>The layout of a draft without errors.</summary>
    public static PersistenceLayout Build(LayoutDraft draft)
    {
        var sets = draft.Sets.Select(set => new PersistenceSetDefinition(
            set.Name,
            set.Site!,
            [.. set.Servers.Select(s => new PersistenceServerDefinition(s.Name!, set.Name, set.Site!, s.Address!))],
            set.RealmServers.IsEmpty ? draft.RealmSites[set.Site!] : set.RealmServers));
        return new PersistenceLayout(sets, draft.PrimarySet, draft.StandbyReplication);
    }

    private static IEnumerable<string> SetCount(LayoutDraft draft)
    {
        if (draft.Sets.IsEmpty)
        {
            var given = new[] { ("primary-set", draft.PrimarySet), ("server", draft.Server) }.Where(g => g.Item2.Length > 0).Select(g => $"{Key}.{g.Item1} = '{g.Item2}'");
            yield return $"{Key}.sets defines no set, but {string.Join(" and ", given)} is set: define the primary and the standby set, or remove it.";
        }
        else if (draft.Sets.Length != 2)
        {
            yield return $"{Key}.sets defines {draft.Sets.Length} {(draft.Sets.Length == 1 ? "set" : "sets")} ({Quoted(draft.Sets.Select(s => s.Name))}): a persistence cluster has exactly two, the primary set and the standby set, at different sites.";
        }
    }

    private static IEnumerable<string> SetProblems(SetDraft set, ImmutableSortedDictionary<string, ImmutableArray<NodeAddress>> realmSites)
    {
        // Names become actor names and status keys, and are typed on command lines.
        if (!Name().IsMatch(set.Name))
        {
            yield return At(set.Origin, $"Set name '{set.Name}' under {Key}.sets must use only letters, digits, '-' and '_'.");
        }

        foreach (var server in set.Servers.Where(s => s.Name is not null && !Name().IsMatch(s.Name)))
        {
            yield return At(server.Origin, $"{server.Key}.name = '{server.Name}' must use only letters, digits, '-' and '_'.");
        }

        if (set.Site is null && !set.Unreadable.Contains("site"))
        {
            yield return At(set.Origin, $"{set.Key}.site is missing: name the realm site the set runs at ({SiteList(realmSites)}).");
        }
        else if (set.Site is null)
        {
            // Written, but not as a name: reported by the reader.
        }
        else if (!realmSites.TryGetValue(set.Site, out var nodes))
        {
            yield return At(set.Origin, $"{set.Key}.site = '{set.Site}' is not a site of the realm ({SiteList(realmSites)}).");
        }
        else
        {
            foreach (var address in set.RealmServers.Where(a => !nodes.Contains(a)))
            {
                yield return At(set.Origin, $"{set.Key}.realm-servers lists {address}, which is not a realm server of site '{set.Site}' (actorrealm.cluster.sites.{set.Site}.nodes: {string.Join(", ", nodes)}): a set reports to the realm servers of its own site.");
            }
        }

        if (set.Servers.IsEmpty && !set.Unreadable.Contains("servers"))
        {
            yield return At(set.Origin, $"{set.Key}.servers is empty: every set needs at least one server (three is usual).");
        }
    }

    private static IEnumerable<string> SharedSites(ImmutableArray<SetDraft> sets) =>
        sets.Where(s => s.Site is not null)
            .GroupBy(s => s.Site!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => At(g.Last().Origin, $"Sets {Quoted(g.Select(s => s.Name))} are all at site '{g.Key}' ({Key}.sets.<set>.site): the standby set must run at another site than the primary set, or a lost site takes both."));

    private static IEnumerable<string> DuplicateServers(ImmutableArray<SetDraft> sets)
    {
        var seen = new Dictionary<string, ServerDraft>(StringComparer.Ordinal);
        foreach (var server in sets.SelectMany(s => s.Servers).Where(s => s.Name is not null))
        {
            if (seen.TryGetValue(server.Name!, out var first))
            {
                yield return At(server.Origin, first.Set == server.Set
                    ? $"{LayoutDraft.SetKey(server.Set)}.servers lists server '{server.Name}' twice ({first.Key} and {server.Key}): server names are unique in the realm."
                    : $"Server '{server.Name}' is in two sets, {first.Key} and {server.Key}: a server belongs to one set, and server names are unique in the realm.");
            }
            else
            {
                seen[server.Name!] = server;
            }
        }
    }

    private static IEnumerable<string> AddressProblems(ImmutableArray<SetDraft> sets, ImmutableSortedDictionary<string, ImmutableArray<NodeAddress>> realmSites)
    {
        var seen = new Dictionary<NodeAddress, ServerDraft>();
        foreach (var server in sets.SelectMany(s => s.Servers).Where(s => s.Address is not null))
        {
            if (seen.TryGetValue(server.Address!, out var first))
            {
                yield return At(server.Origin, $"Address {server.Address} is given to both {first.Key} and {server.Key}: every persistence server needs its own address.");
            }
            else
            {
                seen[server.Address!] = server;
            }

            foreach (var (site, _) in realmSites.Where(s => s.Value.Contains(server.Address!)))
            {
                yield return At(server.Origin, $"{server.Key}.address {server.Address} is the address of a realm server (actorrealm.cluster.sites.{site}.nodes): a persistence server is its own process and needs its own port.");
            }
        }
    }

    private static IEnumerable<string> SelectionProblems(LayoutDraft draft)
    {
        var setNames = draft.Sets.Select(s => s.Name).ToList();
        if (draft.PrimarySet.Length == 0)
        {
            if (!draft.Sets.IsEmpty && !draft.Unreadable.Contains("primary-set"))
            {
                yield return $"{Key}.primary-set is empty: name the initial primary set, one of {Quoted(setNames)}.";
            }
        }
        else if (!setNames.Contains(draft.PrimarySet, StringComparer.Ordinal) && !draft.Sets.IsEmpty)
        {
            yield return At(draft.PrimarySetOrigin, $"{Key}.primary-set = '{draft.PrimarySet}' names no set; the sets are {Quoted(setNames)}.");
        }

        var serverNames = draft.Sets.SelectMany(s => s.Servers).Select(s => s.Name).OfType<string>().ToList();
        if (draft.Server.Length > 0 && !serverNames.Contains(draft.Server, StringComparer.Ordinal) && !draft.Sets.IsEmpty)
        {
            yield return At(draft.ServerOrigin, $"{Key}.server = '{draft.Server}' names no persistence server of the realm; the servers are {Quoted(serverNames)}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Name();

    private static string SiteList(ImmutableSortedDictionary<string, ImmutableArray<NodeAddress>> realmSites) =>
        realmSites.IsEmpty ? "actorrealm.cluster.sites defines no site" : $"actorrealm.cluster.sites defines {Quoted(realmSites.Keys)}";
}
