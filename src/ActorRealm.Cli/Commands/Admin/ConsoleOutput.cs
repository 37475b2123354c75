using Spectre.Console;

namespace ActorRealm.Cli.Commands.Admin;

/// <summary>A Spectre console writing to a command's output: the terminal with colours, or plain text when redirected (files, pipes, tests).</summary>
internal static class ConsoleOutput
{
    public static IAnsiConsole For(TextWriter writer)
    {
        if (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;
        return console;
    }
}
