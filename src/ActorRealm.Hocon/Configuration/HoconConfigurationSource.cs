using System.Collections;

namespace Microsoft.Extensions.Configuration;

/// <summary>A Microsoft.Extensions.Configuration source reading a HOCON file or string.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>The file to read (relative paths resolve against the current directory); null when <see cref="Text"/> is used.</summary>
    public string? Path { get; set; }

    /// <summary>The HOCON text to read when no <see cref="Path"/> is set.</summary>
    public string? Text { get; set; }

    /// <summary>When true, a missing file yields no settings instead of an error.</summary>
    public bool Optional { get; set; }

    /// <summary>Variables for the substitution fallback; null reads the process environment.</summary>
    public IDictionary? Environment { get; set; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
