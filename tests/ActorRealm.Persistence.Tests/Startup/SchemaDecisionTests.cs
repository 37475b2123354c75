using ActorRealm.Persistence.Startup;

namespace ActorRealm.Persistence.Tests.Startup;

public sealed class SchemaDecisionTests
{
    private const string Store = "The store file /d/journal.db";

    [Fact]
    public void An_empty_database_gets_a_new_store_unless_only_inspected()
    {
        Assert.Equal(SchemaAction.Create, SchemaDecision.Decide(Store, null, [], readOnly: false));
        Assert.Contains("holds no ActorRealm store", Assert.Throws<PersistenceStartupException>(() => SchemaDecision.Decide(Store, null, [], readOnly: true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_of_this_release_is_used()
    {
        Assert.Equal(SchemaAction.Use, SchemaDecision.Decide(Store, 2, ["journal_schema_version", "journal", "tags", "snapshot"], readOnly: true));
        Assert.Equal(SchemaAction.Use, SchemaDecision.Decide(Store, 2, ["journal_schema_version"], readOnly: false));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void Another_releases_schema_is_refused_with_both_versions(int found)
    {
        var error = Assert.Throws<SchemaVersionException>(() => SchemaDecision.Decide(Store, found, ["journal_schema_version"], readOnly: false));

        Assert.Equal((found, 2), (error.FoundVersion, error.KnownVersion));
        Assert.Contains(Store, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Foreign_damaged_or_shared_databases_are_refused_naming_their_tables()
    {
        Assert.Contains("customers", Assert.Throws<PersistenceStartupException>(() => SchemaDecision.Decide(Store, null, ["customers"], readOnly: false)).Message, StringComparison.Ordinal);
        Assert.Contains("is empty or damaged", Assert.Throws<PersistenceStartupException>(() => SchemaDecision.Decide(Store, 0, ["journal_schema_version"], readOnly: false)).Message, StringComparison.Ordinal);
        Assert.Contains("invoices", Assert.Throws<PersistenceStartupException>(() => SchemaDecision.Decide(Store, 2, ["journal_schema_version", "invoices"], readOnly: false)).Message, StringComparison.Ordinal);
    }
}
