using System.Reflection;
using ActorRealm.Hocon.Resolution;

namespace ActorRealm.Hocon.Parsing;

/// <summary>The forms of an include statement.</summary>
internal enum IncludeKind
{
    /// <summary><c>include "name"</c>: a file next to the including file, or a resource next to the including resource.</summary>
    Heuristic,

    /// <summary><c>include file("name")</c>.</summary>
    File,

    /// <summary><c>include classpath("name")</c>: an embedded resource of the including resource's assembly.</summary>
    Classpath,

    /// <summary><c>include url("...")</c>: only <c>file:</c> URLs are supported.</summary>
    Url,
}

/// <summary>Where the document being parsed came from, so that its includes are found next to it; detects include cycles.</summary>
internal sealed class IncludeContext
{
    /// <summary>The deepest chain of nested includes.</summary>
    public const int MaxIncludeDepth = 32;

    /// <summary>A context that rejects includes (single values, environment overrides).</summary>
    public static IncludeContext Disabled { get; } = new() { Enabled = false };

    private bool Enabled { get; init; } = true;

    /// <summary>The directory relative file names are resolved against; null for the current directory.</summary>
    private string? BaseDirectory { get; init; }

    private Assembly? Assembly { get; init; }

    private string ResourceDirectory { get; init; } = string.Empty;

    private string[] Chain { get; init; } = [];

    /// <summary>Includes from a string resolve file names against the current directory.</summary>
    public static IncludeContext ForString() => new();

    /// <summary>Includes from a file resolve against that file's directory.</summary>
    public static IncludeContext ForFile(string path) => ForFile(path, []);

    /// <summary>Includes from an embedded resource resolve to resources of the same assembly.</summary>
    public static IncludeContext ForResource(Assembly assembly, string resourceName) => ForResource(assembly, resourceName, []);

    private static IncludeContext ForFile(string path, string[] chain) => new()
    {
        BaseDirectory = Path.GetDirectoryName(path) ?? string.Empty,
        Chain = [.. chain, Path.GetFullPath(path)],
    };

    private static IncludeContext ForResource(Assembly assembly, string resourceName, string[] chain) => new()
    {
        Assembly = assembly,
        ResourceDirectory = resourceName.Contains('/', StringComparison.Ordinal) ? resourceName[..(resourceName.LastIndexOf('/') + 1)] : string.Empty,
        Chain = [.. chain, ResourceKey(assembly, resourceName)],
    };

    private static string ResourceKey(Assembly assembly, string resourceName) => $"resource {assembly.GetName().Name}:{resourceName}";

    /// <summary>Parses the included document(s); null when a non-required include finds nothing.</summary>
    public HoconObject? Include(IncludeKind kind, string name, bool required, HoconOrigin at, string[] prefix, int depth)
    {
        if (!Enabled)
        {
            throw new HoconException(at, "include is not allowed here");
        }

        if (Chain.Length >= MaxIncludeDepth)
        {
            throw new HoconException(at, $"includes nested deeper than {MaxIncludeDepth} levels");
        }

        if (kind == IncludeKind.Url || (kind == IncludeKind.Heuristic && LooksLikeUrl(name)))
        {
            if (!Uri.TryCreate(name, UriKind.Absolute, out var uri) || !uri.IsFile)
            {
                throw new HoconException(at, $"cannot include '{name}': only file: URLs are supported; include a file instead");
            }

            kind = IncludeKind.File;
            name = uri.LocalPath;
        }

        var fromResource = kind == IncludeKind.Classpath || (kind == IncludeKind.Heuristic && Assembly is not null);
        string[] candidates = Path.HasExtension(name) ? [name] : [name + ".json", name + ".conf"];
        var looked = new List<string>();
        HoconObject? merged = null;
        foreach (var candidate in candidates)
        {
            var document = fromResource
                ? IncludeResource(candidate, at, prefix, depth, looked)
                : IncludeFile(candidate, at, prefix, depth, looked);
            if (document is not null)
            {
                // The .conf file is read last and wins over the .json one.
                merged = merged is null ? document : (HoconObject)Merger.Merge(document, merged, inPlace: true);
            }
        }

        if (merged is null && required)
        {
            throw new HoconException(at, $"required include '{name}' not found (looked for {string.Join(", ", looked)})");
        }

        return merged;
    }

    private static bool LooksLikeUrl(string name) =>
        name.Length > 2 && name.IndexOf("://", StringComparison.Ordinal) > 1 && Uri.TryCreate(name, UriKind.Absolute, out _);

    private HoconObject? IncludeFile(string candidate, HoconOrigin at, string[] prefix, int depth, List<string> looked)
    {
        var path = BaseDirectory is null ? candidate : Path.Combine(BaseDirectory, candidate);
        looked.Add(path);
        if (Directory.Exists(path))
        {
            throw new HoconException(at, $"cannot include '{path}': it is a directory");
        }

        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        if (Chain.Contains(full, StringComparer.Ordinal))
        {
            throw new HoconException(at, $"include cycle: {string.Join(" -> ", Chain)} -> {full}");
        }

        var text = Sources.ReadFile(path, at);
        return Parser.ParseDocument(text, path, ForFile(path, Chain), prefix, depth);
    }

    private HoconObject? IncludeResource(string candidate, HoconOrigin at, string[] prefix, int depth, List<string> looked)
    {
        if (Assembly is null)
        {
            throw new HoconException(at, $"cannot include classpath(\"{candidate}\"): classpath() includes work only inside an embedded resource (ConfigFactory.FromResource)");
        }

        var resourceName = candidate.StartsWith('/') ? candidate[1..] : ResourceDirectory + candidate;
        looked.Add($"resource {resourceName}");
        var key = ResourceKey(Assembly, resourceName);
        if (Chain.Contains(key, StringComparer.Ordinal))
        {
            throw new HoconException(at, $"include cycle: {string.Join(" -> ", Chain)} -> {key}");
        }

        var text = Sources.ReadResource(Assembly, resourceName);
        return text is null
            ? null
            : Parser.ParseDocument(text, $"{Assembly.GetName().Name}:{resourceName}", ForResource(Assembly, resourceName, Chain), prefix, depth);
    }
}
