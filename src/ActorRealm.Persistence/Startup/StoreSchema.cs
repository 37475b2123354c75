using System.Data.Common;
using ActorRealm.Persistence.Plugins;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Db;
using Akka.Persistence.Sql.Journal.Types;
using Akka.Persistence.Sql.Snapshot;
using LinqToDB;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Persistence.Startup;

/// <summary>
/// Creates a store's tables: ActorRealm's version table, and the plugin tables through Akka.Persistence.Sql's own
/// mapping and DDL (so they are exactly what its auto-initialize would create), every statement idempotent.
/// </summary>
internal static class StoreSchema
{
    /// <summary>Reads the newest recorded version, or null when <paramref name="tables"/> has no version table.</summary>
    public static async Task<int?> ReadVersionAsync(DbConnection connection, string prefix, IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        if (!tables.Contains(StoreLayout.VersionTable, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {prefix}{StoreLayout.VersionTable}";
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Creates the version table recording this release's schema version, inside <paramref name="transaction"/>.</summary>
    public static async Task CreateVersionTableAsync(DbConnection connection, DbTransaction transaction, string prefix, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText =
                $"CREATE TABLE {prefix}{StoreLayout.VersionTable} (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            command.CommandText = $"INSERT INTO {prefix}{StoreLayout.VersionTable} (version, description, applied_at) VALUES (@version, @description, @at)";
            Add(command, "@version", StoreLayout.SchemaVersion);
            Add(command, "@description", StoreLayout.SchemaDescription);
            Add(command, "@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the journal, tag and snapshot tables (and their indexes) that are missing, as Akka.Persistence.Sql would.</summary>
    public static async Task CreatePluginTablesAsync(StoreTarget target, DataOptions options, CancellationToken cancellationToken)
    {
        var hocon = AkkaConfigurationFactory.ParseString(PluginHocon.Render(target));
        var journal = new JournalConfig(hocon.GetConfig(PluginHocon.JournalPluginId).WithFallback(SqlPersistence.DefaultJournalConfiguration)).WithDataOptions(options);
        var journalConnection = new AkkaPersistenceDataConnectionFactory(journal).GetConnection();
        await using (journalConnection.ConfigureAwait(false))
        {
            await journalConnection.CreateTableAsync<JournalRow>(TableOptions.CreateIfNotExists, journal.GenerateJournalFooter(), cancellationToken).ConfigureAwait(false);
            await journalConnection.CreateTableAsync<JournalTagRow>(TableOptions.CreateIfNotExists, journal.GenerateTagFooter(), cancellationToken).ConfigureAwait(false);
        }

        var snapshot = new SnapshotConfig(hocon.GetConfig(PluginHocon.SnapshotPluginId).WithFallback(SqlPersistence.DefaultSnapshotConfiguration)).WithDataOptions(options);
        var snapshotConnection = new AkkaPersistenceDataConnectionFactory(snapshot).GetConnection();
        await using (snapshotConnection.ConfigureAwait(false))
        {
            await snapshotConnection.CreateTableAsync<LongSnapshotRow>(TableOptions.CreateIfNotExists, snapshot.GenerateSnapshotFooter(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
