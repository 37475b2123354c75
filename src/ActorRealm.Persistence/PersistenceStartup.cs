using ActorRealm.Persistence.Sqlite;
using ActorRealm.Persistence.Startup;

namespace ActorRealm.Persistence;

/// <summary>
/// The start-up gate of the store, run before the actor system starts: creates a new store (SQLite: the file, whole;
/// PostgreSQL: the schema) with its tables, or checks an existing one, and refuses with a
/// <see cref="PersistenceStartupException"/> naming the file or server and what to do.
/// </summary>
public static class PersistenceStartup
{
    /// <summary>
    /// Creates or checks the store <paramref name="settings"/> describe. Refuses: a data directory that cannot be
    /// created or written, a file that is not a SQLite database, an empty, truncated or damaged file
    /// (<c>sqlite.startup-check</c>), a <c>-wal</c> log without its database, a foreign database, a schema of another
    /// release, an unreachable or refusing PostgreSQL server, or one older than PostgreSQL 15.
    /// </summary>
    /// <param name="settings">The node's persistence settings.</param>
    /// <param name="dataDirectory">The node's data directory (<c>actorrealm.node.data-dir</c>); the SQLite file lies there unless <c>sqlite.data-dir</c> is set.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The store and the warnings the node should log (for example a PostgreSQL server running with <c>fsync=off</c>).</returns>
    /// <exception cref="PersistenceStartupException">The store cannot be used; nothing was changed in an existing store.</exception>
    public static async Task<PersistenceStartupReport> CheckAsync(PersistenceSettings settings, string? dataDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var target = StoreTarget.Resolve(settings.Validate(), dataDirectory);
        var warnings = new List<string>();
        if (target.IsPostgres)
        {
            warnings.AddRange(await PostgresStoreCheck.PrepareAsync(target, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            await SqliteStoreCheck.PrepareAsync(target, cancellationToken).ConfigureAwait(false);
            if (settings.Sqlite.Synchronous == SqliteSynchronous.Normal)
            {
                warnings.Add($"The store file {target.SqlitePath} runs with sqlite.synchronous = normal: the latest acknowledged events can be lost on power loss or an operating-system crash.");
            }
        }

        return new PersistenceStartupReport(target.Description, warnings);
    }
}
