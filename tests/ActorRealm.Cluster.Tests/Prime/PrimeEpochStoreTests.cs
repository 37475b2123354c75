using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Prime;

public sealed class PrimeEpochStoreTests : IDisposable
{
    private static readonly PrimeState Epoch1 = new(Dr, 1, "dr-1:4053 for admin", new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"));
    private static readonly PrimeState Epoch2 = Epoch1.SwitchTo(Main, "main-1:4053 for admin", Epoch1.SwitchedAt.AddHours(1), new Guid("7c9e6679-7425-40de-944b-e07fc1f90ae7"));

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Nothing_stored_loads_as_null()
    {
        Assert.Null(new PrimeEpochStore(_temp.Path).Load());
    }

    [Fact]
    public void Saved_state_loads_back_in_a_new_store_and_leaves_no_temporary_file()
    {
        var dataDir = Path.Combine(_temp.Path, "node", "data");
        Assert.True(new PrimeEpochStore(dataDir).Save(Epoch1));

        var reopened = new PrimeEpochStore(dataDir);
        Assert.Equal(Epoch1, reopened.Load());
        Assert.Equal([PrimeEpochStore.FileName], Directory.GetFiles(dataDir).Select(Path.GetFileName));
    }

    [Fact]
    public void The_serving_record_survives_a_restart_and_the_latest_wins()
    {
        var dataDir = Path.Combine(_temp.Path, "served");
        Assert.Null(new PrimeEpochStore(dataDir).LoadServing());

        new PrimeEpochStore(dataDir).SaveServing(new ServingRecord(0, Epoch1.SwitchedAt));
        new PrimeEpochStore(dataDir).SaveServing(new ServingRecord(1, Epoch1.SwitchedAt.AddMinutes(1)));

        Assert.Equal(new ServingRecord(1, Epoch1.SwitchedAt.AddMinutes(1)), new PrimeEpochStore(dataDir).LoadServing());
        Assert.Equal([PrimeEpochStore.ServingFileName], Directory.GetFiles(dataDir).Select(Path.GetFileName));
    }

    [Fact]
    public void The_store_only_moves_forward()
    {
        var store = new PrimeEpochStore(_temp.Path);
        Assert.True(store.Save(Epoch2));
        Assert.False(store.Save(Epoch1));
        Assert.False(store.Save(Epoch2));
        Assert.Equal(Epoch2, store.Load());
    }

    [Fact]
    public void A_crash_between_write_and_rename_keeps_the_previous_state_and_the_leftover_is_ignored()
    {
        var store = new PrimeEpochStore(_temp.Path);
        store.Save(Epoch1);

        store.WriteTemp(Epoch2);

        var afterCrash = new PrimeEpochStore(_temp.Path);
        Assert.True(File.Exists(afterCrash.TempPath));
        Assert.Equal(Epoch1, afterCrash.Load());
        Assert.True(afterCrash.Save(Epoch2));
        Assert.Equal(Epoch2, afterCrash.Load());
        Assert.False(File.Exists(afterCrash.TempPath));
    }

    [Fact]
    public void A_crash_before_the_first_rename_loads_as_nothing_stored()
    {
        var store = new PrimeEpochStore(_temp.Path);
        store.WriteTemp(Epoch1);
        File.WriteAllText(store.TempPath, "{ \"format\": 1, \"si");

        Assert.Null(new PrimeEpochStore(_temp.Path).Load());
    }

    [Theory]
    [InlineData("not json at all", "is corrupt")]
    [InlineData("{ \"format\": 1, \"site\": \"dr\", \"epo", "is corrupt")]
    [InlineData("{ \"format\": 1, \"site\": \"dr\", \"epoch\": 1 }", "is corrupt")]
    [InlineData("{ \"format\": 2, \"site\": \"dr\", \"epoch\": 1, \"switchedBy\": \"x\", \"switchedAt\": \"2030-01-01T00:00:00+00:00\", \"switchId\": \"0f8fad5b-d9cb-469f-a165-70867728950e\" }", "format 2 is not the supported format 1")]
    [InlineData("{ \"format\": 1, \"site\": \"dr\", \"epoch\": -4, \"switchedBy\": \"x\", \"switchedAt\": \"2030-01-01T00:00:00+00:00\", \"switchId\": \"0f8fad5b-d9cb-469f-a165-70867728950e\" }", "the epoch -4 is negative")]
    [InlineData("{ \"format\": 1, \"site\": null, \"epoch\": 1, \"switchedBy\": \"x\", \"switchedAt\": \"2030-01-01T00:00:00+00:00\", \"switchId\": \"0f8fad5b-d9cb-469f-a165-70867728950e\" }", "is corrupt")]
    [InlineData("", "is corrupt")]
    public void A_corrupt_file_is_a_clear_error_naming_the_file(string content, string expected)
    {
        var store = new PrimeEpochStore(_temp.Path);
        File.WriteAllText(store.FilePath, content);

        var error = Assert.Throws<InvalidDataException>(store.Load);

        Assert.StartsWith($"The prime epoch file '{store.FilePath}' is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => store.Save(Epoch2));
    }

    [Fact]
    public void The_file_is_readable_json()
    {
        var store = new PrimeEpochStore(_temp.Path);
        store.Save(Epoch1);
        var json = File.ReadAllText(store.FilePath);
        Assert.Contains("\"site\": \"dr\"", json, StringComparison.Ordinal);
        Assert.Contains("\"epoch\": 1", json, StringComparison.Ordinal);
    }
}
