using System.Data.Common;
using ActorRealm.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ActorRealm.Persistence.PostgreSql;

/// <summary>
/// The journal tables in one PostgreSQL schema: checked and created or migrated at start-up (serialized across
/// nodes by an advisory lock), written by the group-commit writer, read through the data source's pool.
/// </summary>
internal sealed partial class PostgresStore : SqlStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresStore(PersistenceSettings settings, string description, SqlStatements statements, NpgsqlDataSource dataSource)
        : base(settings, description, statements)
    {
        _dataSource = dataSource;
    }

    public static async Task<PostgresStore> OpenAsync(PersistenceSettings settings, bool readOnly, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = ParseConnectionString(settings.PostgreSql);
        var description = Describe(builder, settings.PostgreSql.Schema);
        var statements = PostgresSchema.Statements(settings.PostgreSql.Schema);
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await WarnAboutDurabilityAsync(connection, description, logger, cancellationToken).ConfigureAwait(false);
                await CheckAndMigrateAsync(connection, settings.PostgreSql.Schema, statements, description, readOnly, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            if (e is PersistenceStartupException or OperationCanceledException)
            {
                throw;
            }

            throw new PersistenceStartupException($"Cannot open the journal on {description}: {e.Message}", e);
        }

        var store = new PostgresStore(settings, description, statements, dataSource);
        if (!readOnly)
        {
            store.StartWriter(new PostgresBatchExecutor(dataSource, statements));
        }

        return store;
    }

    public override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override ValueTask DisposeCoreAsync() => _dataSource.DisposeAsync();

    private static NpgsqlConnectionStringBuilder ParseConnectionString(PostgresJournalSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new PersistenceStartupException(
                "actorrealm.persistence.postgresql.connection-string is empty: set it to the server's connection string " +
                "(Host=...;Port=...;Username=...;Password=...;Database=...).");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
            {
                CommandTimeout = Math.Max(1, (int)Math.Ceiling(settings.CommandTimeout.TotalSeconds)),
            };
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new ArgumentException("it names no Host");
            }

            return builder;
        }
        catch (ArgumentException e)
        {
            // The message never repeats the connection string: it may hold a password.
            throw new PersistenceStartupException($"The PostgreSQL connection string (actorrealm.persistence.postgresql.connection-string) is invalid: {e.Message}", e);
        }
    }

    private static string Describe(NpgsqlConnectionStringBuilder builder, string schema) =>
        $"PostgreSQL server {builder.Host}:{builder.Port} (database '{builder.Database ?? builder.Username}', schema '{schema}', user '{builder.Username}')";
}
