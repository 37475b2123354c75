namespace ActorRealm.Hocon;

/// <summary>An unresolved <c>${path}</c> or <c>${?path}</c>.</summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(HoconOrigin origin, string[] path, bool optional, string[]? fallbackPath = null)
        : base(origin)
    {
        Path = path;
        Optional = optional;
        FallbackPath = fallbackPath;
    }

    /// <summary>The absolute path looked up first (prefixed when the substitution came from an include).</summary>
    public string[] Path { get; }

    /// <summary>The path as written in an included file, looked up when <see cref="Path"/> is not found.</summary>
    public string[]? FallbackPath { get; }

    /// <summary>True for <c>${?path}</c>.</summary>
    public bool Optional { get; }

    /// <summary>The path as written, used for environment-variable fallback and messages.</summary>
    public string[] WrittenPath => FallbackPath ?? Path;

    public override HoconValueType Type => HoconValueType.Unresolved;

    internal override bool IsUnresolvedNode => true;

    internal override bool ContainsUnresolved => true;

    /// <summary>The substitution as written, e.g. <c>${?a.b}</c>.</summary>
    public string Expression => $"${{{(Optional ? "?" : string.Empty)}{HoconPath.Render(WrittenPath)}}}";

    /// <summary>Fixes the path up for a file included at <paramref name="prefix"/>; the written path stays as fallback.</summary>
    public HoconSubstitution WithPrefix(string[] prefix) =>
        new(Origin, [.. prefix, .. Path], Optional, FallbackPath ?? Path);
}
