using ActorRealm.Persistence.PostgreSql;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorRealm.Persistence;

/// <summary>
/// Where the store is: the SQLite file, or the PostgreSQL server and schema. Resolved once from the settings, so the
/// Akka configuration, the start-up check and the inspector all address the same store and describe it alike.
/// </summary>
internal sealed record StoreTarget
{
    private StoreTarget(PersistenceSettings settings, string description)
    {
        Settings = settings;
        Description = description;
    }

    public PersistenceSettings Settings { get; }

    /// <summary>The file path or the server (never the password), for messages.</summary>
    public string Description { get; }

    /// <summary>The SQLite database file (SQLite only).</summary>
    public string SqlitePath { get; private init; } = string.Empty;

    /// <summary>The parsed connection string, with ActorRealm's durability options applied (PostgreSQL only).</summary>
    public NpgsqlConnectionStringBuilder? Postgres { get; private init; }

    public bool IsPostgres => Settings.Provider == PersistenceProvider.PostgreSql;

    /// <summary>Resolves the store of <paramref name="settings"/>; the SQLite file lies in <paramref name="nodeDataDirectory"/> unless <c>sqlite.data-dir</c> is set.</summary>
    /// <exception cref="PersistenceStartupException">No data directory, or an empty or malformed connection string.</exception>
    public static StoreTarget Resolve(PersistenceSettings settings, string? nodeDataDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider == PersistenceProvider.PostgreSql)
        {
            var builder = PostgresConnection.Build(settings.PostgreSql);
            return new StoreTarget(settings, PostgresConnection.Describe(builder, settings.PostgreSql.Schema)) { Postgres = builder };
        }

        var path = settings.Sqlite.ResolvePath(nodeDataDirectory);
        return new StoreTarget(settings, path) { SqlitePath = path };
    }

    /// <summary>
    /// The ADO.NET connection string the Akka plugins use. Without <paramref name="withPassword"/> a PostgreSQL
    /// password is left out: the text configuration then never holds it, only the data options do.
    /// </summary>
    public string ConnectionString(bool withPassword = true, bool pooling = true) => IsPostgres
        ? (withPassword ? Postgres!.ConnectionString : new NpgsqlConnectionStringBuilder(Postgres!.ConnectionString) { Password = null }.ConnectionString)
        : new SqliteConnectionStringBuilder
        {
            DataSource = SqlitePath,

            // Never create the file here: a missing journal file is damage to report, not a new empty journal
            // (the start-up check creates new files whole).
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = pooling,
            DefaultTimeout = BusyTimeoutSeconds(Settings),
        }.ToString();

    private static int BusyTimeoutSeconds(PersistenceSettings settings) =>
        Math.Max(1, (int)Math.Ceiling(settings.Sqlite.BusyTimeout.TotalSeconds));
}
