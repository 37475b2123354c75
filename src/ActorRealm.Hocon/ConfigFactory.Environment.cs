using System.Collections;
using ActorRealm.Hocon.Parsing;

namespace ActorRealm.Hocon;

/// <summary>Environment-variable overrides: <c>ACTORREALM__NODE__DATA_DIR=/x</c> sets <c>actorrealm.node.data-dir</c>.</summary>
public static partial class ConfigFactory
{
    /// <summary>The first segment of every override variable.</summary>
    public const string EnvironmentPrefix = "ACTORREALM";

    /// <summary>The separator between path segments in override variable names.</summary>
    public const string EnvironmentSeparator = "__";

    /// <summary>
    /// Builds the override layer from variables named <c>ACTORREALM__SEGMENT__SEGMENT...</c>: <c>__</c> separates
    /// path segments, a single <c>_</c> becomes <c>-</c>, names are lower-cased. The value is parsed as a HOCON value
    /// when it is a number, boolean, null, list, object or quoted string, and used as a plain string otherwise.
    /// More specific variables win over less specific ones.
    /// </summary>
    /// <param name="environment">The variables; null reads the process environment.</param>
    public static Config EnvironmentOverrides(IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        var overrides = new List<(string[] Path, string Name, string Value)>();
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && entry.Value?.ToString() is { } value && OverridePath(name) is { } path)
            {
                overrides.Add((path, name, value));
            }
        }

        var result = Config.Empty;
        foreach (var (path, name, value) in overrides.OrderBy(o => o.Path.Length).ThenBy(o => o.Name, StringComparer.Ordinal))
        {
            result = result.WithValue(path, OverrideValue(name, value));
        }

        return result;
    }

    /// <summary>The configuration path of an override variable, or null when the name is not one.</summary>
    internal static string[]? OverridePath(string name)
    {
        var segments = name.Split(EnvironmentSeparator);
        if (segments.Length < 2 || !segments[0].Equals(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length == 0)
            {
                return null;
            }

            path[i] = segments[i].ToLowerInvariant().Replace('_', '-');
        }

        return path;
    }

    private static HoconValue OverrideValue(string name, string value)
    {
        var origin = new HoconOrigin($"env {name}", 0, 0);
        try
        {
            var parsed = Parser.ParseSingleValue(value, $"env {name}");
            if (parsed.Type != HoconValueType.String || value.TrimStart().StartsWith('"'))
            {
                return parsed;
            }
        }
        catch (HoconException)
        {
            // Not a HOCON value (e.g. "a:b"): the plain string below.
        }

        return new HoconScalar(origin, HoconValueType.String, value);
    }
}
