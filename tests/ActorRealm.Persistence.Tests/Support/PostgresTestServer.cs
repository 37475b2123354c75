using ActorRealm.TestKit;
using Npgsql;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>
/// Helpers for the PostgreSQL test server (<see cref="TestPostgres"/>). Each test works in its own schema and drops it
/// afterwards.
/// </summary>
public static class PostgresTestServer
{
    public static string? ConnectionString => TestPostgres.ConnectionString;

    public static string SkipReason => TestPostgres.SkipReason;

    public static string NewSchemaName() => TestPostgres.NewSchemaName();

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Marks a test class (typically a provider's subclass of a conformance suite) as needing the PostgreSQL test server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
