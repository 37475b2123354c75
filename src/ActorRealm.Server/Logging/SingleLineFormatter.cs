using Serilog.Events;
using Serilog.Formatting;

namespace ActorRealm.Server;

/// <summary>
/// Writes each event on exactly one line: line breaks inside it (an exception's stack trace, a
/// multi-line message or property) are written as the two characters <c>\n</c>, so that a log
/// collector reading lines never splits an event or takes a stack frame for an event of its own.
/// </summary>
internal sealed class SingleLineFormatter(ITextFormatter inner) : ITextFormatter
{
    /// <inheritdoc />
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new StringWriter(output.FormatProvider);
        inner.Format(logEvent, buffer);
        var text = buffer.ToString().TrimEnd('\r', '\n', ' ').Replace("\r\n", "\\n", StringComparison.Ordinal).Replace('\r', ' ').Replace("\n", "\\n", StringComparison.Ordinal);
        output.Write(text);
        output.Write('\n');
    }
}
