using System.CommandLine;
using ActorRealm.Cli.Commands.Admin;

namespace ActorRealm.Cli.Commands;

/// <summary><c>actorrealm persistence</c>: the realm's persistence sets.</summary>
internal static class PersistenceCommand
{
    public static Command Create()
    {
        var persistence = new Command("persistence", "The realm's persistence cluster: its primary and standby sets of persistence servers.");
        persistence.Subcommands.Add(Status());
        return persistence;
    }

    private static Command Status()
    {
        var admin = new AdminOptions();
        var json = new Option<bool>("--json") { Description = "Print the JSON the admin API serves instead of tables." };
        var command = new Command(
            "status",
            "Show the persistence servers from a realm server's perspective, by set: its clients live, every other defined server offline.");
        foreach (var option in admin.All.Append(json))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                using var client = admin.CreateClient(parseResult, TimeSpan.FromSeconds(15));
                var (text, view) = await client.PersistenceAsync(cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(json))
                {
                    await output.WriteLineAsync(text).ConfigureAwait(false);
                }
                else
                {
                    PersistenceTable.Render(ConsoleOutput.For(output), view);
                }

                return 0;
            }
            catch (AdminClientException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
