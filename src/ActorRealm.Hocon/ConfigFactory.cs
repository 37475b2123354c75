using System.Collections;
using System.Reflection;
using ActorRealm.Hocon.Parsing;

namespace ActorRealm.Hocon;

/// <summary>
/// Entry points: parse text, files and embedded resources, and load the layered configuration of a node
/// (environment overrides over the user file over the modules' reference defaults, resolved together).
/// </summary>
public static partial class ConfigFactory
{
    /// <summary>Parses HOCON (or JSON) text. The result is unresolved: layer it, then call <see cref="Config.Resolve()"/>.</summary>
    /// <param name="text">The document.</param>
    /// <param name="originName">The name used in positions and errors (default <c>string</c>); includes resolve against the current directory.</param>
    /// <exception cref="HoconException">The text is not valid HOCON.</exception>
    public static Config ParseString(string text, string? originName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Config(Parser.ParseDocument(text, originName ?? "string", IncludeContext.ForString(), []));
    }

    /// <summary>Parses a file (UTF-8); relative includes resolve against its directory. The result is unresolved.</summary>
    /// <exception cref="HoconException">The file is missing, unreadable or not valid HOCON.</exception>
    public static Config ParseFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = Sources.ReadFile(path, null);
        return new Config(Parser.ParseDocument(text, path, IncludeContext.ForFile(path), []));
    }

    /// <summary>Parses an embedded resource of <paramref name="assembly"/>; its includes resolve to resources of the same assembly.</summary>
    /// <exception cref="HoconException">The resource is missing or not valid HOCON.</exception>
    public static Config FromResource(Assembly assembly, string resourceName) =>
        TryFromResource(assembly, resourceName)
        ?? throw new HoconException($"{assembly.GetName().Name} has no embedded resource '{resourceName}' (it has: {string.Join(", ", assembly.GetManifestResourceNames())})");

    /// <summary>Like <see cref="FromResource"/>, but returns null when the resource does not exist.</summary>
    public static Config? TryFromResource(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrEmpty(resourceName);
        var text = Sources.ReadResource(assembly, resourceName);
        return text is null
            ? null
            : new Config(Parser.ParseDocument(text, $"{assembly.GetName().Name}:{resourceName}", IncludeContext.ForResource(assembly, resourceName), []));
    }

    /// <summary>The logical name of a module's embedded defaults: <c>&lt;AssemblyName&gt;.reference.conf</c>.</summary>
    public static string ReferenceResourceName(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return $"{assembly.GetName().Name}.reference.conf";
    }

    /// <summary>The unresolved embedded <c>reference.conf</c> of each assembly that has one, earlier assemblies winning.</summary>
    public static Config Reference(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var result = Config.Empty;
        foreach (var assembly in assemblies)
        {
            if (TryFromResource(assembly, ReferenceResourceName(assembly)) is { } part)
            {
                result = result.WithFallback(part);
            }
        }

        return result;
    }

    /// <summary>
    /// The configuration a node runs with: <see cref="EnvironmentOverrides"/> over <paramref name="application"/> over
    /// <paramref name="reference"/>, resolved together (so reference substitutions see user values), with the
    /// environment as substitution fallback.
    /// </summary>
    /// <param name="application">The user's configuration (unresolved).</param>
    /// <param name="reference">The defaults, e.g. from <see cref="Reference"/>.</param>
    /// <param name="environment">Variables to use instead of the process environment (tests).</param>
    /// <exception cref="HoconException">A substitution is undefined or cyclic, or an override is malformed.</exception>
    public static Config Load(Config application, Config reference, IDictionary? environment = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(reference);
        return EnvironmentOverrides(environment).WithFallback(application).WithFallback(reference).Resolve(environment);
    }

    /// <summary>Like <see cref="Load(Config, Config, IDictionary?)"/> with the application read from <paramref name="applicationFile"/>.</summary>
    public static Config Load(string applicationFile, Config reference, IDictionary? environment = null) =>
        Load(ParseFile(applicationFile), reference, environment);
}
