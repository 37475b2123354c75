using System.CommandLine;
using System.Globalization;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands;

/// <summary><c>actorrealm persistence</c>: the realm's persistence sets.</summary>
internal static class PersistenceCommand
{
    public static Command Create()
    {
        var persistence = new Command("persistence", "The realm's persistence cluster: its primary and standby sets of persistence servers.");
        persistence.Subcommands.Add(Status());
        persistence.Subcommands.Add(Change(cutOver: true));
        persistence.Subcommands.Add(Change(cutOver: false));
        return persistence;
    }

    /// <summary><c>cutover</c> (disaster, at the DR side) or <c>migrate</c> (planned); both wait for the new primary leader to serve.</summary>
    private static Command Change(bool cutOver)
    {
        var admin = new AdminOptions();
        var to = new Option<string>("--to") { Description = "The standby set to make primary, e.g. _setB.", Required = true };
        var confirm = new Option<string>("--confirm-site-down")
        {
            Description = "The primary set's site, which you have confirmed is down (not merely disconnected), e.g. main.",
            Required = true,
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the change is accepted, without waiting for the new primary leader to serve." };
        var wait = new Option<TimeSpan?>("--wait")
        {
            Description = "How long to wait for the new primary leader to serve (default 60s), e.g. 30s, 2m.",
            CustomParser = result => ParseDuration(result),
        };
        var command = cutOver
            ? new Command(
                "cutover",
                "Disaster cut-over: make the standby set primary after its primary set's site is lost. Give it at a realm server of the standby set's site. " +
                "Refused while any realm server of the site confirmed down was reachable within actorrealm.cluster.prime-switch.min-unreachable, while any server " +
                "of the old primary set answers, and while the site confirmed down is still the prime site (switch it first with 'actorrealm prime set'). " +
                "Raises the persistence epoch; in async mode the messages the standby lacked (the status's standby lag) are lost here and exported by the old " +
                "primary when it returns.")
            : new Command(
                "migrate",
                "Planned migration: the primary leader holds new publishes, waits until the standby set holds everything, and hands over; the standby set " +
                "becomes primary in a new epoch and the old primary becomes the standby. Nothing acknowledged is lost. Prints the publish pause it caused.");
        foreach (var option in admin.All.Append(to).Concat(cutOver ? [confirm] : []).Append(noWait).Append(wait))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var toSet = parseResult.GetRequiredValue(to);
            var what = cutOver ? "cut-over" : "migration";
            try
            {
                using var client = admin.CreateClient(parseResult, TimeSpan.FromSeconds(30));
                // A migration abandoned earlier stays in its leader's status: remember it, so as not to take it for this one.
                var earlier = cutOver || parseResult.GetValue(noWait) ? [] : await EarlierMigrationsAsync(client, cancellationToken).ConfigureAwait(false);
                var body = new PersistenceChangeBody(toSet, cutOver ? parseResult.GetRequiredValue(confirm) : null, $"{Environment.UserName}@{Environment.MachineName} (actorrealm persistence {(cutOver ? "cutover" : "migrate")})");
                var result = await client.ChangePersistenceAsync(cutOver ? "api/persistence/cutover" : "api/persistence/migrate", body, cancellationToken).ConfigureAwait(false);
                if (result.Outcome != PersistenceChangeResultView.AcceptedOutcome)
                {
                    var by = result.Server is { } server ? $"persistence server {server}" : $"realm server {result.RealmServer}";
                    await error.WriteLineAsync(result.Outcome switch
                    {
                        PersistenceChangeResultView.UnavailableOutcome => $"error: the {what} could not be given ({result.RealmServer}): {result.Message}",
                        _ => $"Refused by {by}: {result.Message}",
                    }).ConfigureAwait(false);
                    await error.WriteLineAsync("Nothing changed.").ConfigureAwait(false);
                    return 1;
                }

                await output.WriteLineAsync($"Accepted by {result.Server} (through realm server {result.RealmServer}): '{toSet}' becomes primary in persistence epoch {result.NewEpoch}.").ConfigureAwait(false);
                await output.WriteLineAsync(result.Message).ConfigureAwait(false);
                if (parseResult.GetValue(noWait))
                {
                    await output.WriteLineAsync("Not waiting (--no-wait); follow it with 'actorrealm persistence status'.").ConfigureAwait(false);
                    return 0;
                }

                return await WaitAsync(client, output, error, toSet, result.NewEpoch ?? 0, cutOver, earlier, parseResult.GetValue(wait) ?? TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            }
            catch (AdminClientException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// Polls every realm server's live persistence servers until the new primary leader serves in the new epoch (and,
    /// for a migration, the old primary leader reported the pause), printing a line whenever the picture changes.
    /// </summary>
    private static async Task<int> WaitAsync(AdminClient client, TextWriter output, TextWriter error, string toSet, long epoch, bool cutOver, IReadOnlyCollection<PersistenceLiveServerView> earlier, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        string? last = null;
        PersistenceLiveServerView? leader = null;
        PersistenceLiveServerView? migrated = null;
        while (true)
        {
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            string progress;
            try
            {
                var realm = await client.PersistenceRealmAsync(cancellationToken).ConfigureAwait(false);
                leader ??= realm.Servers.FirstOrDefault(s => s.Set == toSet && s.SetRole == "primary" && s.Role == "leader" && s.Epoch >= epoch && s.Serving);
                migrated ??= realm.Servers.FirstOrDefault(s => s.MigrationEpoch == epoch && !earlier.Any(e => SameMigration(e, s)));
                progress = Progress(realm, toSet, epoch);
            }
            catch (AdminClientException e)
            {
                progress = $"cannot read the persistence servers now: {e.Message}";
            }

            if (migrated is { MigrationAbandoned: { } why })
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"The migration to epoch {epoch} was abandoned by {migrated.Name} after holding publishes for {migrated.MigrationPauseSeconds:0.###} s: {why}. '{migrated.Set}' stays primary and serves again; nothing was lost.")).ConfigureAwait(false);
                return 1;
            }

            if (leader is not null && (cutOver || migrated is not null))
            {
                await output.WriteLineAsync($"[{elapsed.TotalSeconds,5:0.0} s] {leader.Name} (a client of {leader.RealmServer}) leads '{toSet}' as primary in epoch {leader.Epoch} and serves.").ConfigureAwait(false);
                if (migrated is not null)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Publish pause: {migrated.MigrationPauseSeconds:0.###} s (new publishes held by {migrated.Name} from the start of draining until the hand-over completed).")).ConfigureAwait(false);
                }

                return 0;
            }

            if (progress != last)
            {
                await output.WriteLineAsync($"[{elapsed.TotalSeconds,5:0.0} s] {progress}").ConfigureAwait(false);
                last = progress;
            }

            if (elapsed >= deadline)
            {
                await error.WriteLineAsync(
                    $"The {(cutOver ? "cut-over" : "migration")} to epoch {epoch} was accepted, but {(leader is null ? $"no leader of '{toSet}' serves as primary" : "the old primary leader has not reported the publish pause")} " +
                    $"after {deadline.TotalSeconds:0} s. It may still complete: watch 'actorrealm persistence status' on a realm server of each site.").ConfigureAwait(false);
                return 1;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyCollection<PersistenceLiveServerView>> EarlierMigrationsAsync(AdminClient client, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await client.PersistenceRealmAsync(cancellationToken).ConfigureAwait(false)).Servers.Where(s => s.MigrationEpoch is not null)];
        }
        catch (AdminClientException)
        {
            return [];
        }
    }

    private static bool SameMigration(PersistenceLiveServerView a, PersistenceLiveServerView b) =>
        a.Name == b.Name && a.MigrationEpoch == b.MigrationEpoch && a.MigrationPauseSeconds == b.MigrationPauseSeconds && a.MigrationAbandoned == b.MigrationAbandoned;

    private static string Progress(PersistenceRealmView realm, string toSet, long epoch)
    {
        var set = realm.Servers.Where(s => s.Set == toSet).ToList();
        if (set.Count == 0)
        {
            return $"waiting: no server of '{toSet}' is a client of the realm servers reached ({string.Join(", ", realm.RealmServers)})";
        }

        var leader = set.FirstOrDefault(s => s.Role == "leader");
        return leader is null
            ? $"waiting: '{toSet}' has no leader yet ({set.Count} live)"
            : $"waiting: {leader.Name} leads '{toSet}' as {leader.SetRole} in epoch {leader.Epoch} (epoch {epoch} asked){(leader.Serving ? ", serving" : ", not serving yet")}";
    }

    private static TimeSpan? ParseDuration(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return TimeSpan.FromSeconds(value * scale);
        }

        result.AddError($"--wait '{text}' is not a duration: write e.g. 30s, 2m or 1500ms.");
        return TimeSpan.Zero;
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
