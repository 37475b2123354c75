using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorRealm.Persistence;

namespace ActorRealm.Cli.Commands.Journal;

/// <summary>
/// <c>actorrealm journal inspect</c>: lists the persistence ids of a store with their highest sequence numbers and
/// event counts. Reads the store without changing it (creates, migrates and writes nothing), so it is safe beside a
/// running node.
/// </summary>
internal static class JournalInspectCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var store = new StoreOptions(defaultSchema: "public", dataDirectoryRequired: true);
        var json = new Option<bool>("--json") { Description = "Print [{\"persistenceId\":..,\"highestSequenceNr\":..}] instead of a table." };
        var command = new Command("inspect", "List the persistence ids of a journal with their highest sequence numbers and event counts (read-only).");
        store.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var dataDirectory = result.GetValue(store.DataDirectory);
            if (!store.IsPostgres(result) && string.IsNullOrEmpty(dataDirectory))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync("journal inspect: --data-dir is required for the sqlite provider.");
                return 2;
            }

            JournalInspection inspection;
            try
            {
                inspection = await JournalInspector.InspectAsync(store.Settings(result), dataDirectory, cancellationToken);
            }
            catch (PersistenceException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"journal inspect: {e.Message}");
                return 1;
            }

            var ids = inspection.PersistenceIds;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(ids.Select(i => new Row(i.PersistenceId, i.HighestSequenceNr)), Json));
                return 0;
            }

            await output.WriteLineAsync(
                $"{inspection.Store}: {ids.Count} persistence id(s), {ids.Sum(i => i.HighestSequenceNr):N0} events appended in total, {ids.Sum(i => i.EventCount):N0} stored");
            var width = Math.Max("persistence id".Length, ids.Count == 0 ? 0 : ids.Max(i => i.PersistenceId.Length));
            await output.WriteLineAsync($"{"persistence id".PadRight(width)}  highest sequence nr  events stored");
            foreach (var id in ids)
            {
                await output.WriteLineAsync($"{id.PersistenceId.PadRight(width)}  {id.HighestSequenceNr,19}  {id.EventCount,13}");
            }

            return 0;
        });
        return command;
    }

    private sealed record Row(
        [property: JsonPropertyName("persistenceId")] string PersistenceId,
        [property: JsonPropertyName("highestSequenceNr")] long HighestSequenceNr);
}
