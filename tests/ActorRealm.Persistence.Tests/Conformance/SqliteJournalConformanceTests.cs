using ActorRealm.Persistence.Tests.Support;
using Xunit.Abstractions;

namespace ActorRealm.Persistence.Tests.Conformance;

public sealed class SqliteJournalConformanceTests(ITestOutputHelper output) : JournalConformanceSpec(output)
{
    protected override IStoreLocation CreateLocation() => new SqliteLocation();

    protected override PersistenceSettings ShortTimeouts(PersistenceSettings settings) =>
        settings with { Sqlite = settings.Sqlite with { BusyTimeout = TimeSpan.FromSeconds(1) } };
}
