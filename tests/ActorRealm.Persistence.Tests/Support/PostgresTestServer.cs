using Npgsql;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>
/// The PostgreSQL server tests may use: the Npgsql connection string in <c>ACTORREALM_TEST_POSTGRES</c>, exported by
/// <c>.ci/setup-postgres.sh</c>. Tests that need it are reported as skipped, with the reason, when it is not set
/// (ADR 0044). Each test works in its own schema and drops it afterwards.
/// </summary>
public static class PostgresTestServer
{
    public const string Variable = "ACTORREALM_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string SkipReason =>
        $"{Variable} is not set: the PostgreSQL tests need a server (source .ci/setup-postgres.sh, or set it to an Npgsql connection string).";

    public static string NewSchemaName() => "t_" + Guid.NewGuid().ToString("N")[..20];

    public static Task DropSchemaAsync(string schema) => ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

/// <summary>Marks a test class (typically a provider's subclass of a conformance suite) as needing the PostgreSQL test server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>A fact that needs the PostgreSQL test server; reported as skipped, with the reason, when there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestServer.ConnectionString is null)
        {
            Skip = PostgresTestServer.SkipReason;
        }
    }
}
