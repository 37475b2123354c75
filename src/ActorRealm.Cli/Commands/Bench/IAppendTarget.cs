namespace ActorRealm.Cli.Commands.Bench;

/// <summary>Something the journal benchmark appends events to: persistent actors on the journal, or a baseline.</summary>
internal interface IAppendTarget : IAsyncDisposable
{
    /// <summary>The highest sequence number stored for <paramref name="persistenceId"/> (writers continue after it).</summary>
    Task<long> HighestAsync(string persistenceId);

    /// <summary>
    /// Appends events to <paramref name="persistenceId"/> from <paramref name="firstSequenceNr"/> on, keeping
    /// <paramref name="inFlight"/> unacknowledged, until the <see cref="System.Diagnostics.Stopwatch"/> timestamp
    /// <paramref name="deadline"/> (at least one). Calls <paramref name="acknowledged"/> with the sequence number and
    /// the latency in timestamp ticks for each event once it is durable, in order, one call at a time.
    /// </summary>
    /// <returns>The next sequence number.</returns>
    Task<long> RunWriterAsync(string persistenceId, long firstSequenceNr, byte[] payload, int inFlight, long deadline, Action<long, long> acknowledged);
}
