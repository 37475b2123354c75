using ActorRealm.Persistence.Plugins;
using ActorRealm.Persistence.Sqlite;
using Akka.Persistence.Sql.Config;
using LinqToDB;

namespace ActorRealm.Persistence;

/// <summary>
/// Turns ActorRealm's persistence settings into what an Akka actor system needs to use Akka.Persistence.Sql on
/// ActorRealm's store. Run <see cref="PersistenceStartup.CheckAsync"/> first: it creates and checks the tables the
/// plugins then use.
/// </summary>
/// <example>
/// <code>
/// var settings = PersistenceSettings.FromConfig(nodeConfig);
/// await PersistenceStartup.CheckAsync(settings, dataDirectory, cancellationToken);
/// var parts = AkkaPersistenceSetup.Build(settings, dataDirectory);
/// var setup = parts.AddTo(BootstrapSetup.Create().WithConfig(userAkkaConfig.WithFallback(parts.Config)).And(...));
/// // Akka.Hosting: builder.AddHocon(parts.Config, HoconAddMode.Append); foreach (var s in parts.Setups) builder.AddSetup(s);
/// </code>
/// </example>
public static class AkkaPersistenceSetup
{
    /// <summary>The journal plugin id (made the default journal).</summary>
    public const string JournalPluginId = PluginHocon.JournalPluginId;

    /// <summary>The snapshot store plugin id (made the default snapshot store).</summary>
    public const string SnapshotPluginId = PluginHocon.SnapshotPluginId;

    /// <summary>The read journal id, for <c>PersistenceQuery.Get(system).ReadJournalFor&lt;SqlReadJournal&gt;(QueryPluginId)</c>.</summary>
    public const string QueryPluginId = PluginHocon.QueryPluginId;

    /// <summary>Builds the configuration and data options of the store that <paramref name="settings"/> describe.</summary>
    /// <param name="settings">The node's persistence settings.</param>
    /// <param name="dataDirectory">The node's data directory (<c>actorrealm.node.data-dir</c>); the SQLite file lies there unless <c>sqlite.data-dir</c> is set.</param>
    /// <exception cref="PersistenceStartupException">No data directory for SQLite, or an empty or malformed PostgreSQL connection string.</exception>
    public static AkkaPersistenceParts Build(PersistenceSettings settings, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var target = StoreTarget.Resolve(settings.Validate(), dataDirectory);
        var dataOptions = new MultiDataOptionsSetup();
        var options = DataOptionsFor(target);
        foreach (var pluginId in new[] { JournalPluginId, SnapshotPluginId, QueryPluginId })
        {
            dataOptions.AddDataOptions(pluginId, options);
        }

        return new AkkaPersistenceParts(PluginHocon.Render(target), dataOptions, target.Description, target);
    }

    /// <summary>The linq2db options of every plugin connection: provider, full connection string and, for SQLite, the durability interceptor.</summary>
    internal static DataOptions DataOptionsFor(StoreTarget target, bool pooling = true)
    {
        if (target.IsPostgres)
        {
            return new DataOptions().UseConnectionString(PluginHocon.PostgresProviderName, target.ConnectionString());
        }

        var sqlite = target.Settings.Sqlite;
        return new DataOptions()
            .UseConnectionString(PluginHocon.SqliteProviderName, target.ConnectionString(pooling: pooling))
            .UseInterceptor(new SqliteDurabilityInterceptor(sqlite.Synchronous, sqlite.BusyTimeout));
    }
}
