using ActorRealm.Hocon;

namespace ActorRealm.Server;

/// <summary>A setting under <c>actorrealm</c> that no module defines: most likely a typo, and otherwise silently ignored.</summary>
/// <param name="Path">The setting's path.</param>
/// <param name="Origin">Where it was set.</param>
/// <param name="Suggestion">The closest known setting, or null when none is close.</param>
public sealed record UnknownSetting(string Path, HoconOrigin Origin, string? Suggestion)
{
    /// <summary>One line: where, what, and what was probably meant.</summary>
    public string Message => $"{Origin}: unknown setting '{Path}' is ignored{(Suggestion is null ? string.Empty : $"; did you mean '{Suggestion}'?")}";
}

/// <summary>
/// Finds the settings of a configuration under <c>actorrealm</c> that the reference configuration
/// (every module's defaults) does not define. Maps whose keys are the user's own (site names,
/// logger names, dispatchers, shutdown phases) are not checked, except that a site may only hold
/// <c>prime</c> and <c>nodes</c>.
/// </summary>
public static class UnknownSettings
{
    private const string Root = "actorrealm";
    private const string Sites = "actorrealm.cluster.sites";

    private static readonly string[] OpenMaps =
    [
        "actorrealm.actor.dispatchers",
        "actorrealm.actor.coordinated-shutdown.phases",
        "actorrealm.node.log.overrides",
        // Set names are the user's; the layout reader checks what each set holds (PersistenceSetsSettings).
        "actorrealm.persistence.sets",
    ];

    private static readonly string[] SiteKeys = ["nodes", "prime"];

    /// <summary>The unknown settings of <paramref name="config"/>, in definition order.</summary>
    /// <param name="config">The configuration as a node reads it (defaults, file, environment).</param>
    /// <param name="reference">The defaults of every module (unresolved is fine: only keys are read).</param>
    public static IReadOnlyList<UnknownSetting> Find(Config config, Config reference)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(reference);
        var known = new List<string>();
        if (reference.Root.TryGetValue(Root, out var referenceRoot) && referenceRoot is HoconObject referenceObject)
        {
            Collect(Root, referenceObject, known);
        }

        var knownSet = known.ToHashSet(StringComparer.Ordinal);
        var leaves = known.Where(k => !known.Any(o => o.StartsWith(k + ".", StringComparison.Ordinal))).ToList();
        var unknown = new List<UnknownSetting>();
        if (config.Root.TryGetValue(Root, out var root) && root is HoconObject rootObject)
        {
            Check(Root, rootObject, knownSet, leaves, unknown);
        }

        return unknown;
    }

    private static void Check(string path, HoconObject obj, HashSet<string> known, List<string> leaves, List<UnknownSetting> unknown)
    {
        foreach (var (key, value) in obj)
        {
            var child = $"{path}.{HoconPathText(key)}";
            if (path == Sites)
            {
                foreach (var (siteKey, siteValue) in value as HoconObject ?? HoconObject.Empty)
                {
                    if (!SiteKeys.Contains(siteKey, StringComparer.Ordinal))
                    {
                        var closest = Closest(siteKey, SiteKeys);
                        unknown.Add(new UnknownSetting($"{child}.{HoconPathText(siteKey)}", siteValue.Origin, closest is null ? null : $"{child}.{closest}"));
                    }
                }
            }
            else if (!known.Contains(child))
            {
                unknown.Add(new UnknownSetting(child, value.Origin, Suggest(child, known, leaves)));
            }
            else if (value is HoconObject nested && !OpenMaps.Contains(child, StringComparer.Ordinal))
            {
                Check(child, nested, known, leaves, unknown);
            }
        }
    }

    private static void Collect(string path, HoconObject obj, List<string> known)
    {
        foreach (var (key, value) in obj)
        {
            var child = $"{path}.{HoconPathText(key)}";
            known.Add(child);
            if (value is HoconObject nested)
            {
                Collect(child, nested, known);
            }
        }
    }

    /// <summary>The known setting closest to <paramref name="path"/>: a small edit away, or with the same last segment elsewhere.</summary>
    private static string? Suggest(string path, HashSet<string> known, List<string> leaves)
    {
        var nearby = Closest(path, known);
        if (nearby is not null)
        {
            return nearby;
        }

        var last = path[(path.LastIndexOf('.') + 1)..];
        var sameName = leaves.Where(l => l.EndsWith("." + last, StringComparison.Ordinal)).ToList();
        return sameName.Count == 1 ? sameName[0] : null;
    }

    private static string? Closest(string text, IEnumerable<string> candidates)
    {
        // A third of the last segment (at least 2) catches typos without suggesting unrelated keys.
        var last = text[(text.LastIndexOf('.') + 1)..];
        var limit = Math.Max(2, last.Length / 3);
        return candidates
            .Select(c => (Candidate: c, Distance: Distance(text, c)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>A key as it is written in a path: quoted when it holds a dot or a space.</summary>
    private static string HoconPathText(string key) => key.Any(c => c is '.' or ' ' or '"' or ':') ? $"\"{key.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : key;
}
