using System.Diagnostics.CodeAnalysis;

namespace ActorRealm.Hocon;

/// <summary>Finding values by path.</summary>
public sealed partial class Config
{
    /// <summary>True when a non-null value exists at <paramref name="path"/>.</summary>
    /// <exception cref="HoconException">The path is malformed or crosses an unresolved value.</exception>
    public bool HasPath(string path) => Find(path, strict: false) is { Type: not HoconValueType.Null };

    /// <summary>The value at <paramref name="path"/> (which may be the null value).</summary>
    /// <exception cref="HoconException">Nothing is set at the path.</exception>
    public HoconValue GetValue(string path) => Find(path, strict: true) ?? throw Missing(Full(path));

    /// <summary>The value at <paramref name="path"/>, if any (the null value counts as a value).</summary>
    public bool TryGetValue(string path, [NotNullWhen(true)] out HoconValue? value)
    {
        value = Find(path, strict: false);
        return value is not null;
    }

    /// <summary>The value at the path, or null when missing; a path through a non-object is an error only when strict.</summary>
    private HoconValue? Find(string path, bool strict)
    {
        var segments = HoconPath.Parse(path);
        HoconValue node = Root;
        for (var i = 0; i < segments.Length; i++)
        {
            switch (node)
            {
                case HoconObject obj:
                    if (!obj.TryGetValue(segments[i], out var child))
                    {
                        return null;
                    }

                    node = child;
                    break;
                case { IsUnresolvedNode: true }:
                    throw NotResolved(Full(path), node);
                default:
                    if (!strict || node.Type == HoconValueType.Null)
                    {
                        return null;
                    }

                    var prefix = HoconPath.Render(segments[..i]);
                    throw new HoconException(node.Origin, $"'{Full(path)}': '{Full(prefix)}' is {Describe(node)}, not an object");
            }
        }

        return node.IsUnresolvedNode ? throw NotResolved(Full(path), node) : node;
    }

    /// <summary>The non-null value at the path, for the typed getters.</summary>
    private HoconValue Require(string path)
    {
        var value = GetValue(path);
        return value.Type == HoconValueType.Null
            ? throw new HoconException(value.Origin, $"'{Full(path)}' is null; a value is required")
            : value;
    }

    /// <summary>The non-null value at the path, or null when missing or null (for getters with a default).</summary>
    private HoconValue? Optional(string path) => Find(path, strict: true) is { Type: not HoconValueType.Null } value ? value : null;

    /// <summary>
    /// <paramref name="path"/> as the user wrote it: from the root of the configuration this one was
    /// taken from (<see cref="GetConfig"/>), so messages name <c>actorrealm.node.port</c>, not <c>port</c>.
    /// </summary>
    private string Full(string path) => _pathFromRoot.Length == 0 ? path : $"{_pathFromRoot}.{path}";

    private static HoconException Missing(string path) => new($"no setting at path '{path}'");

    private static HoconException NotResolved(string path, HoconValue node) =>
        new(node.Origin, $"'{path}' has unresolved substitutions; call Resolve() on the configuration first");

    private static HoconException WrongType(string path, HoconValue value, string expected) =>
        new(value.Origin, $"'{path}': expected {expected}, found {Describe(value)}");

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "a list",
        HoconScalar { Type: HoconValueType.Null } => "null",
        HoconScalar s => $"the {s.Type.ToString().ToLowerInvariant()} '{Shorten(s.Text)}'",
        _ => "an unresolved value",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
