using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace ActorRealm.Server;

/// <summary>
/// One JSON object per event and line, in the compact log event format (CLEF) that log collectors
/// read: <c>@t</c> timestamp (UTC, ISO 8601), <c>@l</c> level, <c>@mt</c> message template,
/// <c>@m</c> rendered message (strings unquoted), <c>@x</c> exception, then each property at the top
/// level (a name starting with <c>@</c> is written as <c>@@name</c>). Written here because the
/// Serilog.Formatting.Compact package is not available from the package source.
/// </summary>
public sealed class JsonLineFormatter : ITextFormatter
{
    private static readonly MessageTemplateTextFormatter Message = new("{Message:lj}", CultureInfo.InvariantCulture);
    private static readonly JsonValueFormatter Values = new(typeTagName: null);

    /// <inheritdoc />
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("{\"@t\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        output.Write("\",\"@l\":\"");
        output.Write(logEvent.Level.ToString());
        output.Write("\",\"@mt\":");
        JsonValueFormatter.WriteQuotedJsonString(logEvent.MessageTemplate.Text, output);
        output.Write(",\"@m\":");
        using (var rendered = new StringWriter(CultureInfo.InvariantCulture))
        {
            Message.Format(logEvent, rendered);
            JsonValueFormatter.WriteQuotedJsonString(rendered.ToString(), output);
        }

        if (logEvent.Exception is { } exception)
        {
            output.Write(",\"@x\":");
            JsonValueFormatter.WriteQuotedJsonString(exception.ToString(), output);
        }

        foreach (var (name, value) in logEvent.Properties)
        {
            output.Write(',');
            JsonValueFormatter.WriteQuotedJsonString(name.StartsWith('@') ? "@" + name : name, output);
            output.Write(':');
            Values.Format(value, output);
        }

        output.Write('}');
        output.Write('\n');
    }
}
