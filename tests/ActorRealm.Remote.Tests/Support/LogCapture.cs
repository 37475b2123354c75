using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>A logger factory that records every line, for asserting on what a component logged.</summary>
public sealed class LogCapture : ILoggerFactory
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public IReadOnlyList<LogLine> Warnings => [.. _lines.Where(l => l.Level >= LogLevel.Warning)];

    public int Count(Func<LogLine, bool> predicate) => _lines.Count(predicate);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public string Dump() => string.Join(Environment.NewLine, _lines.Select(l => l.ToString()));

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception)));
    }
}

public sealed record LogLine(LogLevel Level, string Category, string Message)
{
    public override string ToString() => $"{Level} {Category}: {Message}";
}
