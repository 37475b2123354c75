using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorRealm.Persistence;
using ActorRealm.TestSupport;

namespace ActorRealm.Cli.Tests.Journal;

/// <summary>
/// Kill -9 of the real <c>actorrealm bench journal --print-acks</c> process (persistent actors on Akka.Persistence.Sql)
/// mid-run: every event it acknowledged is in the store afterwards, as seen by <c>journal inspect</c> and by recovering
/// the persistent actors.
/// </summary>
public sealed partial class JournalCrashTests : IDisposable
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly TempDirectory _directory = new();

    private string DataDirectory => _directory.File("data");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_acknowledged_append_survives_a_kill_9_of_the_benchmark_process()
    {
        var acked = await RunBenchmarkAndKillAfterAsync(acks: 3_000);

        Assert.True(acked.Count >= 3_000, $"only {acked.Count} acks before the kill");
        var highestAcked = acked.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.Max(a => a.Seq));

        // What the operator would run after the crash.
        var (exit, output, error) = CliRunner.Run("journal", "inspect", "--data-dir", DataDirectory, "--json");
        Assert.True(exit == 0, error);
        var inspected = JsonSerializer.Deserialize<List<InspectRow>>(output, WebJson)!
            .ToDictionary(r => r.PersistenceId, r => r.HighestSequenceNr);
        var missing = highestAcked.Where(a => inspected.GetValueOrDefault(a.Key) < a.Value).ToList();
        Assert.True(missing.Count == 0, "acknowledged but not in the journal: " + string.Join(", ", missing));

        // Every single acknowledged (id, sequence number) is recovered by a persistent actor, as a restarted node would.
        var recovered = await AkkaStoreReader.RecoverAsync(new PersistenceSettings(), DataDirectory, highestAcked.Keys);
        foreach (var id in highestAcked.Keys)
        {
            var stored = recovered[id].ToHashSet();
            Assert.Equal(stored.Count, recovered[id].Count);
            var lost = acked.Where(a => a.Id == id && !stored.Contains(a.Seq)).Select(a => a.Seq).ToList();
            Assert.True(lost.Count == 0, $"{id}: acknowledged sequence numbers missing: {string.Join(", ", lost.Take(20))}");
        }
    }

    private async Task<List<(string Id, long Seq)>> RunBenchmarkAndKillAfterAsync(int acks)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "actorrealm.dll"), "bench", "journal", "--print-acks", "--seconds", "120", "--data-dir", DataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stderr.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var acked = new List<(string, long)>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while (acked.Count < acks && await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                Add(acked, line);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(deadline.Token);
        Assert.True(acked.Count > 0, "the benchmark printed no ack; stderr: " + string.Join(Environment.NewLine, stderr));

        // Lines already written before the kill are acknowledgements too.
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            Add(acked, line);
        }

        return acked;
    }

    private static void Add(List<(string, long)> acked, string line)
    {
        // A line cut by the kill is ignored unless complete; a cut number could only be smaller anyway.
        if (AckLine().Match(line) is { Success: true } match)
        {
            acked.Add((match.Groups[1].Value, long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [GeneratedRegex(@"^ack (\S+) (\d+)$")]
    private static partial Regex AckLine();

    private sealed record InspectRow(string PersistenceId, long HighestSequenceNr);
}
