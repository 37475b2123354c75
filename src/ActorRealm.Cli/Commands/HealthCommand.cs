using System.CommandLine;
using System.Net;
using ActorRealm.Cli.Commands.Admin;

namespace ActorRealm.Cli.Commands;

/// <summary>
/// <c>actorrealm health</c>: probes <c>/health/live</c> or <c>/health/ready</c>; exit 0 when healthy.
/// For container health checks where no HTTP client is installed (the Dockerfile's HEALTHCHECK).
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var admin = new AdminOptions(tokenOption: false);
        var ready = new Option<bool>("--ready") { Description = "Probe readiness (Up, serving, with quorum) instead of liveness." };
        var command = new Command("health", "Probe a node's /health/live (or /health/ready with --ready); exit 0 when it answers 200.");
        foreach (var option in admin.All.Append(ready))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                using var client = admin.CreateClient(parseResult, TimeSpan.FromSeconds(5));
                var (code, health) = await client.HealthAsync(parseResult.GetValue(ready), cancellationToken).ConfigureAwait(false);
                var line = $"{(int)code} {health?.Status}{(health?.Reason is { } reason ? ": " + reason : string.Empty)}";
                await parseResult.InvocationConfiguration.Output.WriteLineAsync(line).ConfigureAwait(false);
                return code == HttpStatusCode.OK ? 0 : 1;
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
