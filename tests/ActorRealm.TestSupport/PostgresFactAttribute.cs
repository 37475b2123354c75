using Xunit;

namespace ActorRealm.TestSupport;

/// <summary>
/// The PostgreSQL server tests may use: the Npgsql connection string in <c>ACTORREALM_TEST_POSTGRES</c>, exported by
/// <c>.ci/setup-postgres.sh</c>. Tests that need it are reported as skipped, with the reason, when it is not set.
/// </summary>
public static class TestPostgres
{
    /// <summary>The environment variable holding the connection string.</summary>
    public const string Variable = "ACTORREALM_TEST_POSTGRES";

    /// <summary>The connection string, or null when no server is configured.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why a PostgreSQL test was skipped.</summary>
    public static string SkipReason =>
        $"{Variable} is not set: the PostgreSQL tests need a server (source .ci/setup-postgres.sh, or set it to an Npgsql connection string).";

    /// <summary>A schema name no other test or run uses.</summary>
    public static string NewSchemaName() => "t_" + Guid.NewGuid().ToString("N")[..20];
}

/// <summary>A fact that needs the PostgreSQL test server; reported as skipped, with the reason, when there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no server is configured.</summary>
    public PostgresFactAttribute()
    {
        if (TestPostgres.ConnectionString is null)
        {
            Skip = TestPostgres.SkipReason;
        }
    }
}
