using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorRealm.Cli.Commands.Journal;
using ActorRealm.Persistence;
using ActorRealm.Persistence.Sqlite;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// <c>actorrealm bench journal</c>: throughput and latency of persistent actors on Akka.Persistence.Sql beside a
/// baseline of plain batched INSERTs through the same driver with the same durability settings, in the same run.
/// </summary>
internal static class BenchJournalCommand
{
    public static Command Create()
    {
        var store = new StoreOptions(defaultSchema: null, dataDirectoryRequired: false);
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per scenario (journal and baseline each).", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "End with one JSON line: {\"scenario\":\"journal\",\"events_per_s\":..,\"baseline_events_per_s\":..,\"ratio\":..,\"p50_ms\":..,\"p99_ms\":..}." };
        var printAcks = new Option<bool>("--print-acks") { Description = "Print 'ack <persistenceId> <sequenceNr>' the moment each journal append is acknowledged (for crash tests)." };
        var writers = new Option<int>("--writers") { Description = "Concurrent writers, one persistent actor (persistence id) each.", DefaultValueFactory = _ => 64 };
        var inFlight = new Option<int>("--in-flight")
        {
            Description = "Events each writer keeps awaiting acknowledgement: 1 persists one at a time (Persist); more pipeline them (PersistAsync). Try --writers 1 --in-flight 1000.",
            DefaultValueFactory = _ => 1,
        };
        var eventSize = new Option<int>("--event-size") { Description = "Payload bytes per event.", DefaultValueFactory = _ => 256 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating journal/baseline rounds the time is split over.", DefaultValueFactory = _ => 2 };
        var synchronous = new Option<string>("--synchronous") { Description = "SQLite durability for both sides: full or normal.", DefaultValueFactory = _ => "full" };
        synchronous.AcceptOnlyFromAmong("full", "normal");
        var command = new Command("journal", "Journal throughput and latency of persistent actors (64 writers, 256-byte events) against a plain batched-INSERT baseline.");
        store.AddTo(command);
        foreach (var option in new Option[] { seconds, json, printAcks, writers, inFlight, eventSize, rounds, synchronous })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new JournalBenchOptions(
                Math.Max(1, result.GetValue(writers)),
                Math.Max(1, result.GetValue(eventSize)),
                TimeSpan.FromSeconds(Math.Max(0.1, result.GetValue(seconds))),
                Math.Max(1, result.GetValue(rounds)),
                result.GetValue(printAcks),
                Math.Max(1, result.GetValue(inFlight)));
            var settings = store.Settings(result);
            var temporarySchema = result.GetValue(store.Schema) is null;
            settings = settings with
            {
                Sqlite = settings.Sqlite with { Synchronous = result.GetValue(synchronous) == "normal" ? SqliteSynchronous.Normal : SqliteSynchronous.Full },
                PostgreSql = temporarySchema ? settings.PostgreSql with { Schema = "actorrealm_bench_" + Guid.NewGuid().ToString("N")[..8] } : settings.PostgreSql,
            };
            return await RunAsync(result, settings, result.GetValue(store.DataDirectory), temporarySchema, options, result.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult result,
        PersistenceSettings settings,
        string? dataDirectory,
        bool temporarySchema,
        JournalBenchOptions options,
        bool json,
        CancellationToken cancellationToken)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        var postgres = settings.Provider == PersistenceProvider.PostgreSql;
        if (postgres && settings.PostgreSql.ConnectionString.Length == 0)
        {
            await error.WriteLineAsync($"bench journal: --connection-string (or ${StoreOptions.ConnectionStringVariable}) is required for the postgresql provider.");
            return 2;
        }

        var temporary = dataDirectory is null && !postgres;
        dataDirectory ??= postgres ? null : Path.Combine(Path.GetTempPath(), "actorrealm-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            AkkaJournalTarget journal;
            BaselineWriter baseline;
            try
            {
                journal = await AkkaJournalTarget.StartAsync(settings, dataDirectory, cancellationToken);
                baseline = postgres
                    ? await PostgresBaseline.OpenAsync(settings.PostgreSql.ConnectionString, settings.PostgreSql.Schema + "_baseline")
                    : await SqliteBaseline.OpenAsync(dataDirectory!, settings.Sqlite.Synchronous);
            }
            catch (Exception e) when (e is PersistenceException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                await error.WriteLineAsync($"bench journal: {e.Message}");
                return 1;
            }

            await using (journal)
            await using (baseline)
            {
                var durability = postgres ? string.Empty : $", synchronous={settings.Sqlite.Synchronous.ToString().ToLowerInvariant()}";
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"bench journal: Akka.Persistence.Sql on {journal.Store}; {options.Writers} writers with {options.InFlight} event(s) in flight ({(options.InFlight > 1 ? "PersistAsync" : "Persist")}), " +
                    $"{options.EventSize}-byte events, {options.Duration.TotalSeconds:0.#} s per scenario in {options.Rounds} alternating round(s){durability}"));
                var (journalStats, baselineStats) = await new JournalBenchmark(options, output, error).RunAsync(journal, baseline, cancellationToken);
                var report = new Report(
                    "journal",
                    Math.Round(journalStats.EventsPerSecond, 1),
                    Math.Round(baselineStats.EventsPerSecond, 1),
                    baselineStats.EventsPerSecond > 0 ? Math.Round(journalStats.EventsPerSecond / baselineStats.EventsPerSecond, 3) : 0,
                    Math.Round(journalStats.PercentileMs(0.5), 3),
                    Math.Round(journalStats.PercentileMs(0.99), 3));
                var inserts = journal.InsertStatements;
                var summary = string.Create(CultureInfo.InvariantCulture,
                    $"""
                    scenario   events/s      p50 ms   p99 ms
                    journal    {report.EventsPerSecond,10:N0}  {report.P50Ms,7:F2}  {report.P99Ms,7:F2}
                    baseline   {report.BaselineEventsPerSecond,10:N0}  {baselineStats.PercentileMs(0.5),7:F2}  {baselineStats.PercentileMs(0.99),7:F2}
                    ratio      {report.Ratio:F3} (journal / baseline; target >= 0.7)
                    journal INSERT statements: {inserts:N0} for {journalStats.Events:N0} events ({(inserts == 0 ? 0 : (double)journalStats.Events / inserts):F1} events per statement)
                    """);
                await (json ? error : output).WriteLineAsync(summary);
                if (json)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(report));
                }
            }

            return 0;
        }
        finally
        {
            if (temporary && Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }

            if (postgres && temporarySchema)
            {
                await PostgresBaseline.DropSchemaAsync(settings.PostgreSql.ConnectionString, settings.PostgreSql.Schema);
            }
        }
    }

    private sealed record Report(
        [property: JsonPropertyName("scenario")] string Scenario,
        [property: JsonPropertyName("events_per_s")] double EventsPerSecond,
        [property: JsonPropertyName("baseline_events_per_s")] double BaselineEventsPerSecond,
        [property: JsonPropertyName("ratio")] double Ratio,
        [property: JsonPropertyName("p50_ms")] double P50Ms,
        [property: JsonPropertyName("p99_ms")] double P99Ms);
}
