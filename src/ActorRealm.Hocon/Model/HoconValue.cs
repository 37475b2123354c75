namespace ActorRealm.Hocon;

/// <summary>
/// A node of a configuration tree: <see cref="HoconObject"/>, <see cref="HoconArray"/> or <see cref="HoconScalar"/>
/// once resolved. Values are immutable and know where they were defined (<see cref="Origin"/>).
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin origin)
    {
        Origin = origin;
    }

    /// <summary>Where the value was defined.</summary>
    public HoconOrigin Origin { get; }

    /// <summary>The JSON type of the value.</summary>
    public abstract HoconValueType Type { get; }

    /// <summary>True for the internal substitution, concatenation and merge-stack nodes.</summary>
    internal virtual bool IsUnresolvedNode => false;

    /// <summary>The deepest nesting of objects and arrays a value may have, parsed, resolved or built in code.</summary>
    internal const int MaxDepth = 512;

    /// <summary>How many objects and arrays are nested in this value (0 for scalars); never an underestimate for resolved values.</summary>
    internal virtual int Depth => 0;

    /// <summary>True when this value or anything inside it still needs resolution.</summary>
    internal abstract bool ContainsUnresolved { get; }

    /// <summary>Parses a single HOCON value such as <c>10s</c>, <c>[a, b]</c> or <c>{ x = 1 }</c>.</summary>
    /// <exception cref="HoconException">The text is not exactly one value, or contains a substitution.</exception>
    public static HoconValue Parse(string text, string? originName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parsing.Parser.ParseSingleValue(text, originName ?? "value");
    }

    /// <summary>Renders the value as JSON (resolved values only).</summary>
    /// <exception cref="HoconException">The value contains unresolved substitutions.</exception>
    public string ToJson(bool indented = true) => JsonRenderer.Render(this, indented);

    /// <summary>The JSON rendering, or a description for unresolved values.</summary>
    public override string ToString() => ContainsUnresolved ? $"<unresolved {Type} at {Origin}>" : ToJson(false);
}
