using System.Reflection;
using System.Text;
using ActorRealm.Hocon;

namespace ActorRealm.Cli;

/// <summary>
/// The modules whose embedded <c>reference.conf</c> make up the defaults, in layer order. A module takes part by
/// embedding <c>reference.conf</c> with the logical name <c>&lt;AssemblyName&gt;.reference.conf</c>; modules
/// without one are skipped. <c>hocon/reference.conf</c> is <see cref="CombinedText"/>.
/// </summary>
public static class ReferenceCatalog
{
    /// <summary>The module assemblies, lowest layer first (ActorRealm.Hocon has no settings).</summary>
    public static IReadOnlyList<string> Modules { get; } =
    [
        "ActorRealm.Cluster",
        "ActorRealm.Persistence",
        "ActorRealm.PersistenceSets",
        "ActorRealm.Server",
    ];

    private const string Header = """
        # ActorRealm reference configuration: every setting, its default and what it means.
        #
        # GENERATED, do not edit. Each module owns its part in src/ActorRealm.<Module>/reference.conf,
        # embedded in its assembly. Regenerate this file with:
        #   dotnet run --project src/ActorRealm.Cli -- config reference > hocon/reference.conf
        #
        # How a node's configuration is assembled (later layers win, objects merge):
        #   1. these defaults (each module's embedded reference.conf);
        #   2. the user's configuration file;
        #   3. environment overrides: ACTORREALM__NODE__PORT=2553 sets actorrealm.node.port. "__" separates
        #      path segments, a single "_" inside a segment becomes "-" (ACTORREALM__NODE__DATA_DIR sets
        #      actorrealm.node.data-dir), names are lower-cased, and the value is read as a HOCON value
        #      (2553 is a number, [a, b] a list, 10s a string) or else as a plain string.
        # Substitutions (${path}) are resolved once, after layering, against the whole configuration, with
        # environment variables as fallback: a default such as ${actorrealm.node.host} follows user overrides.
        # Render the result with: dotnet run --project src/ActorRealm.Cli -- config render FILE --with-reference

        """;

    /// <summary>Each module's reference text, in <see cref="Modules"/> order, for modules that have one.</summary>
    public static IReadOnlyList<(string Module, string Text)> Parts()
    {
        var parts = new List<(string, string)>();
        foreach (var module in Modules)
        {
            var assembly = Assembly.Load(new AssemblyName(module));
            using var stream = assembly.GetManifestResourceStream(ConfigFactory.ReferenceResourceName(assembly));
            if (stream is null)
            {
                continue;
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            parts.Add((module, reader.ReadToEnd().ReplaceLineEndings("\n")));
        }

        return parts;
    }

    /// <summary>The text of <c>hocon/reference.conf</c>: a header, then each module's part.</summary>
    public static string CombinedText()
    {
        var sb = new StringBuilder(Header.ReplaceLineEndings("\n"));
        foreach (var (module, text) in Parts())
        {
            sb.Append('\n').Append($"# ---- {module} (src/{module}/reference.conf) ----\n").Append(text.TrimEnd('\n')).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The unresolved defaults of every module, ready to be layered under a user configuration.</summary>
    public static Config Reference() => ConfigFactory.Reference(Modules.Select(m => Assembly.Load(new AssemblyName(m))));
}
