using System.Collections.Immutable;
using ActorRealm.Cluster;
using ActorRealm.Hocon;
using static ActorRealm.PersistenceSets.Layout.LayoutDraft;

namespace ActorRealm.PersistenceSets.Layout;

/// <summary>
/// Reading the settings from HOCON. The layout is read value by value rather than through the typed
/// getters, which stop at the first bad value: every problem is collected, with where it was written.
/// </summary>
public sealed partial record PersistenceSetsSettings
{
    private static readonly string[] SetKeys = ["site", "servers", "realm-servers"];
    private static readonly string[] ServerKeys = ["name", "address"];

    /// <summary>
    /// Reads the persistence set settings and the realm's sites (<c>actorrealm.cluster.sites</c>) from a
    /// resolved configuration that includes this module's defaults, and checks the layout.
    /// </summary>
    /// <exception cref="PersistenceLayoutException">The layout is invalid; every problem is listed.</exception>
    /// <exception cref="HoconException">The configuration is not resolved.</exception>
    public static PersistenceSetsSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<string>();
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        var draft = new LayoutDraft
        {
            Sets = ReadSets(config, problems),
            PrimarySet = ReadName(config, "primary-set", problems, unreadable, out var primaryOrigin),
            PrimarySetOrigin = primaryOrigin,
            StandbyReplication = ReadReplication(config, problems),
            Server = ReadName(config, "server", problems, unreadable, out var serverOrigin),
            ServerOrigin = serverOrigin,
            Unreadable = [.. unreadable],
            RealmSites = ReadRealmSites(config),
        };
        problems.AddRange(LayoutRules.Errors(draft));
        // The link's timings only matter (and are only checked) when the realm has a persistence cluster.
        var link = ReadRealmLink(config, draft.IsConfigured ? problems : []);
        if (problems.Count > 0)
        {
            throw new PersistenceLayoutException(problems);
        }

        var layout = draft.IsConfigured ? LayoutRules.Build(draft) : null;
        return new PersistenceSetsSettings
        {
            Layout = layout,
            Server = draft.Server.Length > 0 ? draft.Server : null,
            Warnings = layout is null ? [] : LayoutRules.Warnings(layout),
            RealmLink = link,
        };
    }

    private static RealmLinkTimings ReadRealmLink(Config config, List<string> problems)
    {
        var key = $"{Key}.realm-link";
        var defaults = new PersistenceSetsSettings().RealmLink;
        TimeSpan Read(string name, TimeSpan fallback)
        {
            try
            {
                var value = config.GetDuration($"{key}.{name}");
                if (value > TimeSpan.Zero)
                {
                    return value;
                }

                problems.Add($"{key}.{name} must be more than 0, not {value.TotalMilliseconds} ms.");
            }
            catch (HoconException e)
            {
                problems.Add(e.Message);
            }

            return fallback;
        }

        var link = new RealmLinkTimings(Read("lease", defaults.Lease), Read("push-interval", defaults.PushInterval), Read("retry-interval", defaults.RetryInterval), Read("lost-after", defaults.LostAfter));
        if (link.PushInterval * 2 > link.Lease)
        {
            problems.Add($"{key}.push-interval ({link.PushInterval.TotalSeconds:0.###} s) must be at most half of {key}.lease ({link.Lease.TotalSeconds:0.###} s): one lost verdict would end the lease.");
        }

        if (link.PushInterval * 2 > link.LostAfter)
        {
            problems.Add($"{key}.push-interval ({link.PushInterval.TotalSeconds:0.###} s) must be at most half of {key}.lost-after ({link.LostAfter.TotalSeconds:0.###} s): one lost report would end the link.");
        }

        const string MinUnreachable = "actorrealm.cluster.prime-switch.min-unreachable";
        if (config.TryGetValue(MinUnreachable, out _) && config.GetDuration(MinUnreachable) is var min && link.Lease >= min)
        {
            problems.Add($"{key}.lease ({link.Lease.TotalSeconds:0.###} s) must be shorter than {MinUnreachable} ({min.TotalSeconds:0.###} s): an old primary leader cut off from its realm server must stop before a cut-over can be accepted.");
        }

        return link;
    }

    private static ImmutableArray<SetDraft> ReadSets(Config config, List<string> problems)
    {
        var key = $"{Key}.sets";
        config.TryGetValue(key, out var value);
        if (Shaped<HoconObject>(value, key, "an object of sets, { _setA { site = ..., servers = [...] }, ... }", problems) is not { } sets)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<SetDraft>();
        // A set overridden with null (in a later file or the environment) is not defined.
        foreach (var (name, body) in sets.Where(s => s.Value.Type != HoconValueType.Null))
        {
            if (Shaped<HoconObject>(body, SetKey(name), "an object { site = ..., servers = [...] }", problems) is not { } set)
            {
                continue;
            }

            UnknownKeys(set, SetKey(name), SetKeys, "a persistence set", problems);
            var unreadable = new HashSet<string>(StringComparer.Ordinal);
            result.Add(new SetDraft(
                name,
                Scalar(set, "site", SetKey(name), problems, unreadable),
                ReadServers(set, name, problems, unreadable),
                ReadAddresses(set, "realm-servers", SetKey(name), problems),
                set.Origin,
                [.. unreadable]));
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<ServerDraft> ReadServers(HoconObject set, string setName, List<string> problems, HashSet<string> unreadable)
    {
        var key = $"{SetKey(setName)}.servers";
        set.TryGetValue("servers", out var value);
        if (Shaped<HoconArray>(value, key, "a list of servers, [ { name = ..., address = \"host:port\" }, ... ]", problems) is not { } list)
        {
            if (value is { Type: not HoconValueType.Null })
            {
                unreadable.Add("servers");
            }

            return [];
        }

        var servers = ImmutableArray.CreateBuilder<ServerDraft>();
        for (var i = 0; i < list.Count; i++)
        {
            var itemKey = $"{key}[{i}]";
            if (Shaped<HoconObject>(list[i], itemKey, "{ name = ..., address = \"host:port\" }", problems, nullAllowed: false) is not { } entry)
            {
                servers.Add(new ServerDraft(setName, i, null, null, list[i].Origin));
                continue;
            }

            UnknownKeys(entry, itemKey, ServerKeys, "a persistence server", problems);
            var name = Scalar(entry, "name", itemKey, problems, unreadable: null);
            var address = Scalar(entry, "address", itemKey, problems, unreadable: null);
            if (name is null && !entry.ContainsKey("name"))
            {
                problems.Add(At(entry.Origin, $"{itemKey}.name is missing: every server needs a name, unique in the realm."));
            }

            if (address is null && !entry.ContainsKey("address"))
            {
                problems.Add(At(entry.Origin, $"{itemKey}.address is missing: the \"host:port\" the server listens on for the other persistence servers."));
            }

            servers.Add(new ServerDraft(setName, i, name, address is null ? null : Address(address, entry["address"].Origin, $"{itemKey}.address", problems), entry.Origin));
        }

        return servers.ToImmutable();
    }

    private static ImmutableArray<NodeAddress> ReadAddresses(HoconObject obj, string field, string parentKey, List<string> problems)
    {
        var key = $"{parentKey}.{field}";
        obj.TryGetValue(field, out var value);
        if (Shaped<HoconArray>(value, key, "a list of \"host:port\"", problems) is not { } list)
        {
            return [];
        }

        var addresses = ImmutableArray.CreateBuilder<NodeAddress>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is HoconScalar { Type: not HoconValueType.Null } text)
            {
                if (Address(text.Text, text.Origin, $"{key}[{i}]", problems) is { } address)
                {
                    addresses.Add(address);
                }
            }
            else
            {
                problems.Add(At(list[i].Origin, $"{key}[{i}]: expected \"host:port\", found {Describe(list[i])}."));
            }
        }

        return addresses.ToImmutable();
    }

    private static string ReadName(Config config, string field, List<string> problems, HashSet<string>? unreadable, out HoconOrigin? origin)
    {
        var key = $"{Key}.{field}";
        origin = null;
        if (!config.TryGetValue(key, out var value) || value.Type == HoconValueType.Null)
        {
            return string.Empty;
        }

        origin = value.Origin;
        if (value is HoconScalar scalar)
        {
            return scalar.Text.Trim();
        }

        problems.Add(At(value.Origin, $"{key}: expected a name, found {Describe(value)}."));
        unreadable?.Add(field);
        return string.Empty;
    }

    private static StandbyReplication ReadReplication(Config config, List<string> problems)
    {
        var text = ReadName(config, "standby-replication", problems, unreadable: null, out var origin);
        if (Enum.TryParse<StandbyReplication>(text, ignoreCase: true, out var mode) && text.All(char.IsLetter))
        {
            return mode;
        }

        // Missing only when the module's defaults were not layered in: async is the documented default.
        if (origin is not null)
        {
            problems.Add(At(origin, $"{Key}.standby-replication must be async or sync, not '{text}'."));
        }

        return StandbyReplication.Async;
    }

    /// <summary>The realm's sites as the cluster module reads them; malformed ones are the cluster settings' to report.</summary>
    private static ImmutableSortedDictionary<string, ImmutableArray<NodeAddress>> ReadRealmSites(Config config)
    {
        var sites = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<NodeAddress>>(StringComparer.Ordinal);
        if (config.TryGetValue("actorrealm.cluster.sites", out var value) && value is HoconObject siteObjects)
        {
            foreach (var (site, body) in siteObjects)
            {
                var nodes = body is HoconObject o && o.TryGetValue("nodes", out var list) && list is HoconArray array
                    ? array.OfType<HoconScalar>().Select(s => NodeAddress.TryParse(s.Text, out var a, out _) ? a : null).OfType<NodeAddress>()
                    : [];
                sites[site] = [.. nodes];
            }
        }

        return sites.ToImmutable();
    }

    /// <summary>The value when it has the expected shape; null when it is absent or null (nothing to report) or has another shape (reported).</summary>
    private static T? Shaped<T>(HoconValue? value, string key, string expected, List<string> problems, bool nullAllowed = true)
        where T : HoconValue
    {
        if (value is T shaped)
        {
            return shaped;
        }

        if (value is not null && (value.Type != HoconValueType.Null || !nullAllowed))
        {
            problems.Add(At(value.Origin, $"{key}: expected {expected}, found {Describe(value)}."));
        }

        return null;
    }

    private static string? Scalar(HoconObject obj, string field, string parentKey, List<string> problems, HashSet<string>? unreadable)
    {
        if (!obj.TryGetValue(field, out var value) || value.Type == HoconValueType.Null)
        {
            return null;
        }

        if (value is HoconScalar scalar && scalar.Text.Trim().Length > 0)
        {
            return scalar.Text.Trim();
        }

        problems.Add(At(value.Origin, $"{parentKey}.{field}: expected a non-empty string, found {Describe(value)}."));
        unreadable?.Add(field);
        return null;
    }

    private static NodeAddress? Address(string text, HoconOrigin origin, string key, List<string> problems)
    {
        if (NodeAddress.TryParse(text, out var address, out var error))
        {
            return address;
        }

        problems.Add(At(origin, $"{key}: {error}"));
        return null;
    }

    private static void UnknownKeys(HoconObject obj, string key, string[] known, string what, List<string> problems)
    {
        foreach (var (field, value) in obj.Where(f => !known.Contains(f.Key, StringComparer.Ordinal)))
        {
            problems.Add(At(value.Origin, $"{key}.{field} is not a setting of {what}; its settings are {string.Join(", ", known)}."));
        }
    }

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "a list",
        HoconScalar { Type: HoconValueType.Null } => "null",
        HoconScalar { Type: HoconValueType.String } s when s.Text.Trim().Length == 0 => "an empty string",
        HoconScalar s => $"'{s.Text}'",
        _ => "an unresolved value",
    };
}
