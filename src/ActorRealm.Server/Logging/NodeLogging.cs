using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace ActorRealm.Server;

/// <summary>
/// Builds the node's Serilog logger from <see cref="NodeLogSettings"/>: standard output, one line per
/// event, as text (properties appended as JSON) or as a JSON object.
/// </summary>
public static class NodeLogging
{
    private const string TextTemplate =
        "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j} {Exception}";

    /// <summary>Parses a level name (Serilog's or Microsoft.Extensions.Logging's), or null when unknown.</summary>
    public static LogEventLevel? ParseLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "verbose" or "trace" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "information" or "info" => LogEventLevel.Information,
        "warning" or "warn" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" or "critical" => LogEventLevel.Fatal,
        _ => null,
    };

    /// <summary>Creates the logger; <paramref name="output"/> replaces standard output (tests, the demo's log files).</summary>
    /// <exception cref="ArgumentException">A level name is unknown (the settings were not validated).</exception>
    public static Logger CreateLogger(NodeLogSettings settings, string nodeName, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(Level(settings.Level))
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Node", nodeName);
        foreach (var (source, level) in settings.Overrides)
        {
            configuration = configuration.MinimumLevel.Override(source, Level(level));
        }

        return Sink(configuration, settings.Format, output).CreateLogger();
    }

    private static LoggerConfiguration Sink(LoggerConfiguration configuration, LogFormat format, TextWriter? output)
    {
        ITextFormatter formatter = format == LogFormat.Json
            ? new JsonLineFormatter()
            : new SingleLineFormatter(new MessageTemplateTextFormatter(TextTemplate, CultureInfo.InvariantCulture));
        return output is null
            ? configuration.WriteTo.Console(formatter)
            : configuration.WriteTo.Sink(new TextWriterSink(formatter, output));
    }

    private static LogEventLevel Level(string text) =>
        ParseLevel(text) ?? throw new ArgumentException($"Unknown log level '{text}'.", nameof(text));

    /// <summary>Writes each event to a writer, one event at a time.</summary>
    private sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
    {
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_gate)
            {
                formatter.Format(logEvent, output);
                output.Flush();
            }
        }
    }
}
