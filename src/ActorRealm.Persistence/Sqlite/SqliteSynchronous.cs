namespace ActorRealm.Persistence.Sqlite;

/// <summary>SQLite's <c>synchronous</c> setting for the journal's write connection (the journal runs in WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// The WAL is flushed to stable storage at every commit: an acknowledged append survives a process crash and a
    /// power loss. The default.
    /// </summary>
    Full,

    /// <summary>
    /// The WAL is flushed only at checkpoints: an acknowledged append survives a process crash but can be lost on
    /// power loss or an operating-system crash. Faster; choose it only when losing recent acknowledged events is acceptable.
    /// </summary>
    Normal,
}
