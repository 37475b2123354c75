using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>Keeps every log line (level, message, exception) so tests can assert what was logged.</summary>
public sealed class CollectingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
