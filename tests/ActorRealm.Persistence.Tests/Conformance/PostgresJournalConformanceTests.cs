using ActorRealm.Persistence.Tests.Support;
using Xunit.Abstractions;

namespace ActorRealm.Persistence.Tests.Conformance;

[RequiresPostgres]
public sealed class PostgresJournalConformanceTests(ITestOutputHelper output) : JournalConformanceSpec(output)
{
    protected override IStoreLocation CreateLocation() => new PostgresLocation();

    protected override PersistenceSettings ShortTimeouts(PersistenceSettings settings) =>
        settings with { PostgreSql = settings.PostgreSql with { CommandTimeout = TimeSpan.FromSeconds(1) } };
}
