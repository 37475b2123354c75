using System.Text.Json;

namespace ActorRealm.Cli.Commands.Chaos;

/// <summary>The chaos run's verdict as one JSON line: the run's figures, a count per violation kind, and the first violations.</summary>
internal static class ChaosVerdict
{
    /// <summary>How many violations the line spells out (the counts cover all).</summary>
    public const int Examples = 10;

    /// <summary>The JSON line for <paramref name="findings"/> over <paramref name="history"/>, with the run's own <paramref name="run"/> fields first.</summary>
    public static string Json(ChaosHistory history, ChaosFindings findings, IReadOnlyDictionary<string, object?> run)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(run);
        var line = new Dictionary<string, object?>
        {
            ["verdict"] = findings.Passed ? "pass" : "fail",
        };
        foreach (var (key, value) in run)
        {
            line[key] = value;
        }

        line["acked"] = history.Acked.Count;
        line["delivered"] = history.Deliveries.Count;
        line["read_backs"] = history.ReadBacks.Count;
        line["status_samples"] = history.Samples.Count;
        line["async_cutovers"] = history.CutOvers.Count;
        line["cutover_loss_explained"] = findings.CutOverLossExplained;
        foreach (var kind in ViolationKind.All)
        {
            line[kind] = findings.Count(kind);
        }

        line["violations"] = findings.Violations.Take(Examples).Select(v => $"{v.Kind}: {v.Detail}").ToList();
        return JsonSerializer.Serialize(line);
    }
}
