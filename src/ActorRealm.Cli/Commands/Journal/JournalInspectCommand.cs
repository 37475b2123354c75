using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorRealm.Persistence;
using ActorRealm.Persistence.Journal;

namespace ActorRealm.Cli.Commands.Journal;

/// <summary>
/// <c>actorrealm journal inspect</c>: lists the persistence ids of a journal with their highest sequence numbers.
/// Opens the journal read-only (creates, migrates and writes nothing), so it is safe beside a running node.
/// </summary>
internal static class JournalInspectCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var store = new StoreOptions(defaultSchema: "public", dataDirectoryRequired: true);
        var json = new Option<bool>("--json") { Description = "Print [{\"persistenceId\":..,\"highestSequenceNr\":..}] instead of a table." };
        var command = new Command("inspect", "List the persistence ids of a journal with their highest sequence numbers (read-only).");
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

            IReadOnlyList<PersistenceIdInfo> ids;
            string description;
            try
            {
                await using var opened = await PersistenceStore.OpenReadOnlyAsync(store.Settings(result), dataDirectory, cancellationToken);
                description = opened.Description;
                ids = await opened.Journal.ListPersistenceIdsAsync(cancellationToken);
            }
            catch (PersistenceException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"journal inspect: {e.Message}");
                return 1;
            }

            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(ids.Select(i => new Row(i.PersistenceId, i.HighestSequenceNr)), Json));
                return 0;
            }

            await output.WriteLineAsync($"{description}: {ids.Count} persistence id(s), {ids.Sum(i => i.HighestSequenceNr):N0} events appended in total");
            var width = Math.Max("persistence id".Length, ids.Count == 0 ? 0 : ids.Max(i => i.PersistenceId.Length));
            await output.WriteLineAsync($"{"persistence id".PadRight(width)}  highest sequence nr");
            foreach (var id in ids)
            {
                await output.WriteLineAsync($"{id.PersistenceId.PadRight(width)}  {id.HighestSequenceNr,19}");
            }

            return 0;
        });
        return command;
    }

    private sealed record Row(
        [property: JsonPropertyName("persistenceId")] string PersistenceId,
        [property: JsonPropertyName("highestSequenceNr")] long HighestSequenceNr);
}
