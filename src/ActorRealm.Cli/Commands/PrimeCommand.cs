using System.CommandLine;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands;

/// <summary><c>actorrealm prime set</c>: the guarded, fenced switch of the prime site.</summary>
internal static class PrimeCommand
{
    public static Command Create()
    {
        var prime = new Command("prime", "Manage the prime site (the site with the extra quorum vote).");
        prime.Subcommands.Add(Set());
        return prime;
    }

    private static Command Set()
    {
        var admin = new AdminOptions();
        var site = new Option<string>("--site") { Description = "The site to make prime (a site of the surviving side).", Required = true };
        var confirm = new Option<string>("--confirm-site-down")
        {
            Description = "The current prime site, which you have confirmed is down (not merely disconnected).",
            Required = true,
        };
        var command = new Command(
            "set",
            "Make another site prime after confirming the current prime site is down. Refused unless every member of the old prime site " +
            "has been unreachable from the node's side for actorrealm.cluster.prime-switch.min-unreachable. Each switch raises the prime epoch.");
        foreach (var option in admin.All.Append(site).Append(confirm))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                using var client = admin.CreateClient(parseResult, TimeSpan.FromSeconds(60));
                var body = new PrimeSwitchBody(parseResult.GetRequiredValue(site), parseResult.GetRequiredValue(confirm), $"{Environment.UserName}@{Environment.MachineName} (actorrealm prime set)");
                var result = await client.SwitchPrimeAsync(body, cancellationToken).ConfigureAwait(false);
                if (result.Accepted)
                {
                    await output.WriteLineAsync($"Accepted: '{result.PrimeSite}' is the prime site in epoch {result.PrimeEpoch}.").ConfigureAwait(false);
                    await output.WriteLineAsync($"Stored durably by: {(result.StoredBy.Count == 0 ? "(none confirmed yet)" : string.Join(", ", result.StoredBy))}.").ConfigureAwait(false);
                    await output.WriteLineAsync(result.Message).ConfigureAwait(false);
                    return 0;
                }

                await error.WriteLineAsync($"Refused ({result.Reason}): {result.Message}").ConfigureAwait(false);
                await error.WriteLineAsync($"The prime site is still '{result.PrimeSite}' (epoch {result.PrimeEpoch}).").ConfigureAwait(false);
                return 1;
            }
            catch (AdminClientException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
