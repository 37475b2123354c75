namespace ActorRealm.Cluster.Prime;

/// <summary>Where a node keeps the prime state it follows.</summary>
internal interface IPrimeStore
{
    /// <summary>Whether a saved state survives a crash.</summary>
    bool IsDurable { get; }

    /// <summary>Where (for logs).</summary>
    string Location { get; }

    /// <summary>The stored state, or null.</summary>
    PrimeState? Load();

    /// <summary>Stores <paramref name="state"/> when it orders after the stored one.</summary>
    void Save(PrimeState state);

    /// <summary>When this node last served, or null when it has no record.</summary>
    ServingRecord? LastServed();

    /// <summary>Records that this node serves (or served until now) in an epoch.</summary>
    void RecordServing(ServingRecord record);
}

/// <summary>The durable store: <c>prime-epoch.json</c> under the data directory.</summary>
internal sealed class FilePrimeStore(PrimeEpochStore store) : IPrimeStore
{
    public bool IsDurable => true;

    public string Location => store.FilePath;

    public PrimeState? Load() => store.Load();

    public void Save(PrimeState state) => store.Save(state);

    public ServingRecord? LastServed() => store.LoadServing();

    public void RecordServing(ServingRecord record) => store.SaveServing(record);
}

/// <summary>A node without a data directory keeps the state in memory (and says so).</summary>
internal sealed class MemoryPrimeStore : IPrimeStore
{
    private PrimeState? _state;

    public bool IsDurable => false;

    public string Location => "memory (no data directory)";

    public PrimeState? Load() => Volatile.Read(ref _state);

    public void Save(PrimeState state)
    {
        if (_state is null || state.CompareTo(_state) > 0)
        {
            Volatile.Write(ref _state, state);
        }
    }

    private ServingRecord? _served;

    public ServingRecord? LastServed() => Volatile.Read(ref _served);

    public void RecordServing(ServingRecord record) => Volatile.Write(ref _served, record);
}
