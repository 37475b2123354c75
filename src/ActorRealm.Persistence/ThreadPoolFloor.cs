namespace ActorRealm.Persistence;

/// <summary>
/// The least number of thread-pool threads a process that runs Akka.Persistence.Sql keeps ready. Microsoft.Data.Sqlite
/// has no asynchronous I/O: every journal query and write blocks a pool thread while it runs, and concurrent
/// recoveries or large writes can occupy every thread the pool has. The pool then adds a thread only about twice a
/// second, so Akka's dispatchers (cluster heartbeats among them) and the journal's own continuations wait: measured in
/// the conformance suite on 2 cores, 64 actors recovering at once got nothing back in 35 s, and a 1,000-event write
/// outlasted the journal's 10 s circuit breaker, while with a floor of 64 threads every run passed. Threads above the
/// pool's own minimum are only created when work waits for them, and retire when idle.
/// </summary>
public static class ThreadPoolFloor
{
    /// <summary>The default floor (<c>actorrealm.node.min-pool-threads</c>).</summary>
    public const int Default = 64;

    /// <summary>
    /// Raises the pool's minimum worker and I/O completion threads to <paramref name="minimum"/>; never lowers them.
    /// </summary>
    /// <returns>Whether the runtime accepted the new minimum (it refuses values above the pool's maximum).</returns>
    public static bool Raise(int minimum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        ThreadPool.GetMinThreads(out var workers, out var io);
        return ThreadPool.SetMinThreads(Math.Max(workers, minimum), Math.Max(io, minimum));
    }
}
