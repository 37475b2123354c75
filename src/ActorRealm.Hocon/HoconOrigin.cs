namespace ActorRealm.Hocon;

/// <summary>Where a value or an error comes from: a file (or other source) name, a line and a column (both 1-based).</summary>
/// <param name="FileName">The file path as given, or a descriptive name such as <c>string</c> or <c>env ACTORREALM__NODE__PORT</c>.</param>
/// <param name="Line">The 1-based line, or 0 when the source has no lines (environment, programmatic values).</param>
/// <param name="Column">The 1-based column, or 0 when unknown.</param>
public readonly record struct HoconOrigin(string FileName, int Line, int Column)
{
    /// <summary>The origin of values created in code, e.g. by <see cref="Config.WithValue(string, HoconValue)"/>.</summary>
    public static HoconOrigin Programmatic { get; } = new("programmatic", 0, 0);

    /// <summary>Renders <c>file:line:column</c>, or only the name when no position is known.</summary>
    public override string ToString() => Line > 0 ? $"{FileName}:{Line}:{Column}" : FileName ?? "unknown";
}
