using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>One captured log line of a node, stamped with virtual time.</summary>
internal sealed record LogLine(TimeSpan Time, string Node, LogLevel Level, string Category, string Message)
{
    public override string ToString() => $"{Time.TotalSeconds,8:0.000}s {Node,-8} {Level,-11} {Message}";
}

/// <summary>A logger factory that keeps a node's lines (information and above) with the virtual time.</summary>
internal sealed class LogCapture(string node, TimeProvider time, ConcurrentQueue<LogLine> all) : ILoggerFactory
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string category, string message)
    {
        var line = new LogLine(time.GetUtcNow() - Harness.MultiNodeCluster.Epoch, node, level, category, message);
        _lines.Enqueue(line);
        all.Enqueue(line);
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add(logLevel, category, formatter(state, exception) + (exception is null ? string.Empty : $" [{exception.GetType().Name}: {exception.Message}]"));
            }
        }
    }
}
