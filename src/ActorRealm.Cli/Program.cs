using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using ActorRealm.Cli.Commands;

namespace ActorRealm.Cli;

/// <summary>Entry point of the <c>actorrealm</c> command-line program.</summary>
public static class Program
{
    /// <summary>The product version, from this assembly (not the host process, which may be a test runner).</summary>
    public static string Version { get; } =
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>The exit code of a command line that does not parse (unknown command or option, missing argument).</summary>
    public const int UsageError = 2;

    /// <summary>Runs the program and returns its exit code.</summary>
    public static int Main(string[] args) => Run(args);

    /// <summary>Parses and runs a command line: 0 on success, 1 when the command fails, 2 for usage errors.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="configuration">Where output goes (tests capture it); null for the console.</param>
    public static int Run(IReadOnlyList<string> args, InvocationConfiguration? configuration = null)
    {
        var parseResult = BuildRoot().Parse(args);
        if (configuration is null && parseResult.CommandResult.Command.Name is "node" or "demo")
        {
            // These handle SIGTERM and Ctrl-C themselves and stop gracefully, which takes longer than
            // System.CommandLine's default grace before it ends the process.
            configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        }

        var exit = configuration is null ? parseResult.Invoke() : parseResult.Invoke(configuration);
        return parseResult.Errors.Count > 0 ? UsageError : exit;
    }

    /// <summary>Builds the root command with every sub-command; tests call this to run commands in-process.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("ActorRealm: two-site clustered messaging and persistence service.");
        foreach (var option in root.Options)
        {
            if (option is VersionOption)
            {
                option.Action = new PrintVersionAction();
            }
        }

        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return 0;
        }
    }
}
