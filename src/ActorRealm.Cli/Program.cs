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

    /// <summary>Runs the program and returns its exit code.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

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
