using System.Collections.Immutable;

namespace ActorRealm.Server.Tests;

/// <summary>The node's text log: one line per event, even for exceptions and multi-line messages.</summary>
public sealed class NodeLoggingTests
{
    [Fact]
    public void Text_format_writes_an_event_with_an_exception_on_one_line()
    {
        var output = new StringWriter();
        var settings = new NodeLogSettings("information", LogFormat.Text, ImmutableSortedDictionary<string, string>.Empty);
        using (var logger = NodeLogging.CreateLogger(settings, "main-1", output))
        {
            logger.Information("first {Value}", "one\ntwo");
            logger.Error(Thrown(), "failed");
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("one\\ntwo", lines[0], StringComparison.Ordinal);
        Assert.Contains("[ERR]", lines[1], StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: boom\\nsecond line", lines[1], StringComparison.Ordinal);
        Assert.Contains("\\n   at ", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"Node\":\"main-1\"", lines[1], StringComparison.Ordinal);
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("boom\nsecond line");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }
}
