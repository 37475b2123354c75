namespace ActorRealm.Cli.Commands.Bench;

/// <summary>Something the journal benchmark appends single events to: the journal itself, or a baseline.</summary>
internal interface IAppendTarget : IAsyncDisposable
{
    /// <summary>The highest sequence number stored for <paramref name="persistenceId"/> (writers continue after it).</summary>
    Task<long> HighestAsync(string persistenceId);

    /// <summary>Appends one event; completes when it is durable.</summary>
    Task AppendAsync(string persistenceId, long sequenceNr, byte[] payload);
}
