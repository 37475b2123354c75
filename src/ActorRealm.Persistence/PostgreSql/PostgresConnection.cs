using Npgsql;

namespace ActorRealm.Persistence.PostgreSql;

/// <summary>Builds the Npgsql connection string the store uses from the settings, and describes the server without the password.</summary>
internal static class PostgresConnection
{
    /// <summary>
    /// Sent in the start-up packet of every connection: a commit is acknowledged only once the server flushed it,
    /// whatever the server, database or role default says. Npgsql's reset on returning a pooled connection restores
    /// start-up values, so it holds for every transaction.
    /// </summary>
    public const string DurabilityOption = "-c synchronous_commit=on";

    /// <summary>
    /// Connections per node unless the connection string says otherwise (Npgsql's default is 100). Writes use one or
    /// two; recovering actors use one each briefly. A few nodes with 100 each would exhaust a default server
    /// (<c>max_connections = 100</c>); beyond the limit a request waits for a connection instead of failing.
    /// </summary>
    public const int DefaultMaxPoolSize = 30;

    /// <exception cref="PersistenceStartupException">The connection string is empty or malformed (the message never repeats it: it may hold a password).</exception>
    public static NpgsqlConnectionStringBuilder Build(PostgresJournalSettings settings)
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

            // Later -c options win, so this overrides a synchronous_commit=off the user's string may carry.
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? DurabilityOption : builder.Options + " " + DurabilityOption;
            builder.ApplicationName ??= "actorrealm";
            if (!NamesPoolSize(settings.ConnectionString))
            {
                builder.MaxPoolSize = DefaultMaxPoolSize;
            }

            return builder;
        }
        catch (ArgumentException e)
        {
            throw new PersistenceStartupException($"The PostgreSQL connection string (actorrealm.persistence.postgresql.connection-string) is invalid: {e.Message}", e);
        }
    }

    private static bool NamesPoolSize(string connectionString)
    {
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        return keys.Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant()).Any(k => k is "maximumpoolsize" or "maxpoolsize");
    }

    public static string Describe(NpgsqlConnectionStringBuilder builder, string schema) =>
        $"PostgreSQL server {builder.Host}:{builder.Port} (database '{builder.Database ?? builder.Username}', schema '{schema}', user '{builder.Username}')";
}
