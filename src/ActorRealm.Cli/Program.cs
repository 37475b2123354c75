using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text.RegularExpressions;
using ActorRealm.Cli.Commands;

namespace ActorRealm.Cli;

/// <summary>Entry point of the <c>actorrealm</c> command-line program.</summary>
public static partial class Program
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

        if (parseResult.Action is HelpAction && parseResult.UnmatchedTokens.Count > 0)
        {
            // "actorrealm publsh --help": help would print the parent's page and exit 0, hiding the typo.
            var error = configuration?.Error ?? Console.Error;
            error.WriteLine(Unknown(parseResult.CommandResult.Command, parseResult.UnmatchedTokens[0]));
            return UsageError;
        }

        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
        {
            // System.CommandLine would print the whole help page above the error; a user who mistyped one value wants the
            // error, said plainly, and where to find the help.
            var error = configuration?.Error ?? Console.Error;
            var command = parseResult.CommandResult.Command;
            if (parseResult.UnmatchedTokens.Count > 0)
            {
                error.WriteLine(Unknown(command, parseResult.UnmatchedTokens[0]));
                return UsageError;
            }

            // A value that does not parse also fails the option's range check (on the default): say only the first.
            var messages = parseResult.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToList();
            var unparsable = messages.Where(m => ParseFailure().IsMatch(m)).ToList();
            foreach (var message in unparsable.Count > 0 ? unparsable : messages)
            {
                error.WriteLine($"error: {Plain(message)}");
            }

            error.WriteLine($"See '{CommandPath(parseResult.CommandResult)} --help'.");
            return UsageError;
        }

        return configuration is null ? parseResult.Invoke() : parseResult.Invoke(configuration);
    }

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'\\.?$")]
    private static partial Regex ParseFailure();

    /// <summary>The command line that names <paramref name="result"/>'s command, e.g. <c>actorrealm bench publish</c>.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: not RootCommand } command)
            {
                names.Add(command.Command.Name);
            }
        }

        names.Add("actorrealm");
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>A parser message in the user's words: "Cannot parse argument 'ten' for option '--msgs' as expected type 'System.Int32'" names a .NET type.</summary>
    private static string Plain(string message)
    {
        var match = ParseFailure().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var type = match.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
            _ when type.Contains("TimeSpan", StringComparison.Ordinal) => "a duration (e.g. 00:00:30)",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => null,
        };
        return $"'{match.Groups["value"].Value}' is not a valid value for {match.Groups["option"].Value}" + (expected is null ? "." : $": expected {expected}.");
    }

    /// <summary>The error for a token that is neither a sub-command nor an option of <paramref name="command"/>, with the nearest names.</summary>
    private static string Unknown(Command command, string token)
    {
        var names = command.Subcommands.Select(c => c.Name).Concat(command.Options.Select(o => o.Name)).ToList();
        var near = names.Where(n => Distance(n.TrimStart('-'), token.TrimStart('-')) <= Math.Max(1, token.Length / 3)).ToList();
        var path = command.Parents.OfType<Command>().Any() ? $"'{command.Name}'" : "actorrealm";
        return $"error: '{token}' is not a command or option of {path}." +
            (near.Count > 0 ? $" Did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?" : string.Empty) +
            $" See '{(path == "actorrealm" ? "actorrealm" : "actorrealm ... " + command.Name)} --help'.";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
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
