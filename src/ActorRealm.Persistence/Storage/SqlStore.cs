using System.Data.Common;

namespace ActorRealm.Persistence.Storage;

/// <summary>
/// One opened database: its shared SQL, the way to get a read connection, and (unless opened read-only) the
/// group-commit writer that owns the only write connection.
/// </summary>
internal abstract class SqlStore : IAsyncDisposable
{
    protected SqlStore(PersistenceSettings settings, string description, SqlStatements statements)
    {
        Settings = settings;
        Description = description;
        Statements = statements;
    }

    public PersistenceSettings Settings { get; }

    /// <summary>The file path or server the store lives in, for messages.</summary>
    public string Description { get; }

    public SqlStatements Statements { get; }

    /// <summary>The writer; null when the store was opened read-only.</summary>
    public GroupCommitWriter? Writer { get; private set; }

    /// <summary>Opens a connection for reading; the caller disposes it.</summary>
    public abstract Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    public Task WriteAsync(WriteRequest request, CancellationToken cancellationToken) =>
        (Writer ?? throw new InvalidOperationException($"The store {Description} was opened read-only."))
            .WriteAsync(request, cancellationToken);

    /// <summary>Runs <paramref name="query"/> on a fresh read connection with the given parameters.</summary>
    public async Task<T> ReadAsync<T>(
        string sql,
        Func<DbCommand, CancellationToken, Task<T>> query,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    command.Add(name, value);
                }

                return await query(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Writer is not null)
        {
            await Writer.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    protected void StartWriter(BatchExecutor executor) =>
        Writer = new GroupCommitWriter(executor, Settings.WriteBatchSize, Settings.MaxPendingWrites, Description);

    /// <summary>Releases provider resources (pools, data sources) after the writer stopped.</summary>
    protected abstract ValueTask DisposeCoreAsync();
}
