using System.Globalization;
using System.Text;

namespace ActorRealm.Server.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): each family's HELP and TYPE once, then its samples.
/// Values are snapshots taken at the scrape (this realm server's view and its persistence clients' last reports), so
/// they are written as they are rather than accumulated in a client library's collectors.
/// </summary>
internal sealed class PrometheusText
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    // The format wants each family's lines together: samples are gathered per family, in order of first use.
    private readonly List<StringBuilder> _families = [];
    private readonly Dictionary<string, StringBuilder> _byName = new(StringComparer.Ordinal);

    /// <summary>A gauge sample.</summary>
    public void Gauge(string name, string help, double value, params (string Name, string Value)[] labels) =>
        Sample(name, "gauge", help, name, value, labels);

    /// <summary>A counter sample (<paramref name="name"/> ends in <c>_total</c>).</summary>
    public void Counter(string name, string help, double value, params (string Name, string Value)[] labels) =>
        Sample(name, "counter", help, name, value, labels);

    /// <summary>A histogram: cumulative buckets with <c>le</c>, then <c>_sum</c> and <c>_count</c>.</summary>
    /// <param name="name">The family name (seconds).</param>
    /// <param name="help">Its help text.</param>
    /// <param name="bounds">The buckets' upper bounds, ascending.</param>
    /// <param name="counts">Counts per bucket (not cumulative), one more than the bounds (the rest).</param>
    /// <param name="sum">The sum of what was counted.</param>
    /// <param name="labels">The labels of this series.</param>
    public void Histogram(string name, string help, IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double sum, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(counts);
        var family = Family(name, "histogram", help);
        var cumulative = 0L;
        for (var i = 0; i < counts.Count; i++)
        {
            cumulative += counts[i];
            var le = i < bounds.Count ? bounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
            Line(family, $"{name}_bucket", cumulative, [.. labels, ("le", le)]);
        }

        Line(family, $"{name}_sum", sum, labels);
        Line(family, $"{name}_count", cumulative, labels);
    }

    /// <inheritdoc />
    public override string ToString() => string.Concat(_families);

    private void Sample(string family, string type, string help, string name, double value, (string Name, string Value)[] labels) =>
        Line(Family(family, type, help), name, value, labels);

    private StringBuilder Family(string name, string type, string help)
    {
        if (!_byName.TryGetValue(name, out var family))
        {
            family = new StringBuilder();
            family.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            family.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            _byName[name] = family;
            _families.Add(family);
        }

        return family;
    }

    private static void Line(StringBuilder family, string name, double value, (string Name, string Value)[] labels)
    {
        family.Append(name);
        if (labels.Length > 0)
        {
            family.Append('{').AppendJoin(',', labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")).Append('}');
        }

        family.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
}
