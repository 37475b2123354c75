using ActorRealm.Hocon;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds HOCON sources to an <see cref="IConfigurationBuilder"/>.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file (resolved on load, environment variables as substitution fallback).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file; relative paths resolve against the current directory.</param>
    /// <param name="optional">When true, a missing file adds nothing instead of failing with <see cref="HoconException"/>.</param>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional });
    }

    /// <summary>Adds HOCON text (resolved on load, environment variables as substitution fallback).</summary>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        return builder.Add(new HoconConfigurationSource { Text = text });
    }
}
