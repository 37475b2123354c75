using System.CommandLine;
using ActorRealm.Cli.Commands.Admin;

namespace ActorRealm.Cli.Commands;

/// <summary>
/// <c>actorrealm status</c>: a node's view of the realm, as tables by site (with one line per persistence set when
/// the realm defines them) or as JSON.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var admin = new AdminOptions();
        var json = new Option<bool>("--json") { Description = "Print the JSON the admin API serves instead of tables." };
        var wide = new Option<bool>("--wide") { Description = "Also show each member's incarnation (Akka's uid) in the tables." };
        var command = new Command("status", "Show a node's view of the realm: quorum, prime site and epoch, members by site, and the persistence sets' summary.");
        foreach (var option in admin.All.Append(json).Append(wide))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                using var client = admin.CreateClient(parseResult, TimeSpan.FromSeconds(15));
                var (text, status) = await client.StatusAsync(cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(json))
                {
                    await output.WriteLineAsync(text).ConfigureAwait(false);
                }
                else
                {
                    var console = ConsoleOutput.For(output);
                    StatusTable.Render(console, status, parseResult.GetValue(wide));
                    if (await client.TryPersistenceAsync(cancellationToken).ConfigureAwait(false) is { } sets)
                    {
                        PersistenceTable.RenderSummary(console, sets);
                    }
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
