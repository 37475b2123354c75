using System.CommandLine;

namespace ActorRealm.Cli.Commands.Journal;

/// <summary><c>actorrealm journal</c>: tools for the event journal.</summary>
internal static class JournalCommand
{
    public static Command Create()
    {
        var command = new Command("journal", "Event journal tools.");
        command.Subcommands.Add(JournalInspectCommand.Create());
        return command;
    }
}
