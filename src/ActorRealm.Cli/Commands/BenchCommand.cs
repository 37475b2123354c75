using System.CommandLine;
using ActorRealm.Cli.Commands.Bench;

namespace ActorRealm.Cli.Commands;

/// <summary><c>actorrealm bench</c>: benchmarks, each measured beside a baseline in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks; each reports a ratio against a baseline measured in the same run.");
        command.Subcommands.Add(BenchActorsCommand.Create());
        command.Subcommands.Add(BenchJournalCommand.Create());
        command.Subcommands.Add(BenchRemoteCommand.Create());
        command.Subcommands.Add(BenchPublishCommand.Create());
        return command;
    }
}
