using Spectre.Console;

namespace ActorRealm.Cli.Commands.Admin;

/// <summary>A Spectre console writing to a command's output: the terminal with colours, or plain text when redirected (files, pipes, tests).</summary>
internal static class ConsoleOutput
{
    /// <summary>The console for <paramref name="writer"/>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="width">The width assumed when <paramref name="writer"/> is not the terminal (the terminal's own is used otherwise).</param>
    public static IAnsiConsole For(TextWriter writer, int width = 160)
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
        console.Profile.Width = width;
        return console;
    }
}
