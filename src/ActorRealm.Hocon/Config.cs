using System.Collections;
using ActorRealm.Hocon.Resolution;

namespace ActorRealm.Hocon;

/// <summary>
/// An immutable configuration tree with typed getters. Obtain one from <see cref="ConfigFactory"/>, layer with
/// <see cref="WithFallback"/>, then <see cref="Resolve()"/> substitutions. Paths are HOCON path expressions
/// (<c>actorrealm.node.port</c>, <c>a."b.c"</c>); every error is a <see cref="HoconException"/> naming the path.
/// </summary>
public sealed partial class Config
{
    private readonly string _pathFromRoot;

    internal Config(HoconObject root, string pathFromRoot = "")
    {
        Root = root;
        _pathFromRoot = pathFromRoot;
    }

    /// <summary>The empty configuration.</summary>
    public static Config Empty { get; } = new(HoconObject.Empty);

    /// <summary>The root object.</summary>
    public HoconObject Root { get; }

    /// <summary>True when the root has no keys.</summary>
    public bool IsEmpty => Root.Count == 0;

    /// <summary>True when no substitution is left to resolve.</summary>
    public bool IsResolved => !Root.ContainsUnresolved;

    /// <summary>The keys of the root object, in definition order.</summary>
    public IReadOnlyList<string> Keys => [.. Root.Keys];

    /// <summary>Layers this configuration over <paramref name="other"/>: this wins, objects merge, as for duplicate keys.</summary>
    public Config WithFallback(Config other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        return new Config((HoconObject)Merger.Merge(Root, other.Root, inPlace: false), _pathFromRoot);
    }

    /// <summary>Resolves every substitution against the whole tree, with the process environment as fallback.</summary>
    /// <exception cref="HoconException">A substitution is undefined or part of a cycle.</exception>
    public Config Resolve() => Resolve(null);

    /// <summary>Resolves every substitution, with <paramref name="environment"/> as the fallback for paths not in the tree.</summary>
    /// <param name="environment">Variable names to values; null reads the process environment; an empty dictionary disables the fallback.</param>
    /// <exception cref="HoconException">A substitution is undefined or part of a cycle.</exception>
    public Config Resolve(IDictionary? environment) => IsResolved ? this : new Config(Resolver.Resolve(Root, environment), _pathFromRoot);

    /// <summary>Renders the (resolved) configuration as JSON.</summary>
    /// <exception cref="HoconException">The configuration still has substitutions.</exception>
    public string ToJson(bool indented = true) => Root.ToJson(indented);

    /// <summary>Returns a copy with <paramref name="value"/> set at <paramref name="path"/>, replacing what was there.</summary>
    public Config WithValue(string path, HoconValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return WithValue(HoconPath.Parse(path), value);
    }

    internal Config WithValue(string[] path, HoconValue value) => new(Replace(Root, CheckLength(path), 0, value));

    /// <summary>Returns a copy without the value at <paramref name="path"/> (unchanged when absent).</summary>
    public Config WithoutPath(string path)
    {
        var segments = CheckLength(HoconPath.Parse(path));
        return new Config(Replace(Root, segments, 0, null));
    }

    /// <summary>
    /// Every leaf value (scalars, arrays, empty objects) with its rendered path, depth first in definition order.
    /// </summary>
    public IEnumerable<KeyValuePair<string, HoconValue>> Entries()
    {
        var result = new List<KeyValuePair<string, HoconValue>>();
        Collect(string.Empty, Root, result);
        return result;
    }

    /// <summary>The JSON rendering when resolved; otherwise a short description.</summary>
    public override string ToString() => Root.ToString();

    private static void Collect(string prefix, HoconObject obj, List<KeyValuePair<string, HoconValue>> result)
    {
        foreach (var (key, value) in obj)
        {
            var path = prefix.Length == 0 ? HoconPath.Render([key]) : $"{prefix}.{HoconPath.Render([key])}";
            if (value is HoconObject { Count: > 0 } child)
            {
                Collect(path, child, result);
            }
            else
            {
                result.Add(new(path, value));
            }
        }
    }

    private static string[] CheckLength(string[] path) => path.Length + 1 <= HoconValue.MaxDepth
        ? path
        : throw new HoconException($"the path '{HoconPath.Render(path[..3])}...' has {path.Length} elements; at most {HoconValue.MaxDepth - 1} are allowed");

    private static HoconObject Replace(HoconObject obj, string[] path, int index, HoconValue? value)
    {
        var fields = new OrderedDictionary<string, HoconValue>(obj.Fields);
        var key = path[index];
        if (index == path.Length - 1)
        {
            if (value is null)
            {
                fields.Remove(key);
            }
            else
            {
                fields[key] = value;
            }
        }
        else
        {
            var child = fields.TryGetValue(key, out var existing) && existing is HoconObject o ? o : null;
            if (child is null && value is null)
            {
                return obj;
            }

            fields[key] = Replace(child ?? new HoconObject(value!.Origin, []), path, index + 1, value);
        }

        return new HoconObject(obj.Origin, fields, obj.IgnoresFallbacks);
    }
}
