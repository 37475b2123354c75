using System.Text.Json;
using ActorRealm.Cluster.Remote;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Tests.Support;

namespace ActorRealm.Server.Tests;

/// <summary><c>actorrealm status</c>, <c>prime set</c> and <c>health</c> against an admin API with a stand-in node.</summary>
public sealed class AdminCommandsTests
{
    [Fact]
    public async Task Status_json_prints_what_the_node_serves()
    {
        await using var admin = await AdminHarness.StartAsync();

        var (exit, output, error) = CliRunner.Run("status", "--admin", admin.Authority, "--token", AdminHarness.Token, "--json");

        Assert.True(exit == 0, error);
        var status = JsonSerializer.Deserialize(output, AdminJsonContext.Instance.NodeStatusView);
        Assert.Equal(admin.Node.Current.Members, status!.Members, MemberComparer.Instance);
        Assert.Equal("main", status.PrimeSite);
    }

    [Fact]
    public async Task Status_table_groups_members_by_site_and_marks_the_prime_site()
    {
        await using var admin = await AdminHarness.StartAsync();

        var (exit, output, error) = CliRunner.Run("status", "--admin", admin.Authority, "--token", AdminHarness.Token);

        Assert.True(exit == 0, error);
        Assert.Contains("Prime site main (epoch 0), from configuration", output, StringComparison.Ordinal);
        Assert.Contains("Quorum yes (quorum: 3 of 4 members reachable, more than half)", output, StringComparison.Ordinal);
        var main = output.IndexOf("site main (prime)", StringComparison.Ordinal);
        var dr = output.IndexOf("site dr", StringComparison.Ordinal);
        Assert.True(main >= 0 && dr > main, output);
        var drRow = output.Split('\n').Single(l => l.Contains("dr-1", StringComparison.Ordinal));
        Assert.Matches(@"up\s*│\s*no", drRow);
        Assert.Contains("suspected by 127.0.0.1:25520", drRow, StringComparison.Ordinal);
        Assert.Contains("roles api, store", output.Split('\n').Single(l => l.Contains("│ main-1 ", StringComparison.Ordinal)), StringComparison.Ordinal);
        var absentRow = output.Split('\n').Single(l => l.Contains("127.0.0.1:25523 ", StringComparison.Ordinal) && l.Contains("absent", StringComparison.Ordinal));
        Assert.Contains("absent", absentRow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_over_https_verifies_the_node_against_the_given_ca()
    {
        await using var admin = await AdminHarness.StartAsync(https: true);

        var ok = CliRunner.Run("status", "--admin", admin.Authority, "--token", AdminHarness.Token, "--ca", admin.CaFile!);
        var plain = CliRunner.Run("status", "--admin", admin.Authority, "--token", AdminHarness.Token);

        Assert.True(ok.Exit == 0, ok.Error);
        Assert.Equal(1, plain.Exit);
        Assert.Contains("its admin API serves HTTPS (TLS on). Pass the cluster CA with --ca", plain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_refuses_a_node_whose_certificate_another_ca_issued()
    {
        await using var admin = await AdminHarness.StartAsync(https: true);
        await using var other = await AdminHarness.StartAsync(https: true);

        var (exit, _, error) = CliRunner.Run("status", "--admin", admin.Authority, "--token", AdminHarness.Token, "--ca", other.CaFile!);

        Assert.Equal(1, exit);
        Assert.Contains("certificate is not trusted", error, StringComparison.Ordinal);
        Assert.Contains("does not chain to the cluster CA", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_with_a_missing_ca_file_says_it_does_not_exist()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-ca-{Guid.NewGuid():N}.crt");

        var (exit, _, error) = CliRunner.Run("status", "--admin", "127.0.0.1:25580", "--ca", missing);

        Assert.Equal(1, exit);
        Assert.Equal($"error: The CA certificate file '{missing}' does not exist; pass the cluster CA's certificate (PEM) with --ca or ACTORREALM_ADMIN_CA.", error.Trim());
    }

    [Fact]
    public async Task Status_with_a_wrong_token_says_401()
    {
        await using var admin = await AdminHarness.StartAsync();

        var wrong = CliRunner.Run("status", "--admin", admin.Authority, "--token", "not-the-token-at-all");

        Assert.Equal(1, wrong.Exit);
        Assert.Contains("401 Unauthorized", wrong.Error, StringComparison.Ordinal);
        Assert.Contains("the token is wrong", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_reports_connection_refused()
    {
        var port = LoopbackPorts.Take(1)[0];

        var (exit, _, error) = CliRunner.Run("status", "--admin", $"127.0.0.1:{port}", "--token", "x");

        Assert.Equal(1, exit);
        Assert.Contains("connection refused", error, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:http")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("ftp://127.0.0.1:21")]
    public void Status_rejects_a_bad_address_as_a_usage_error(string address)
    {
        var (exit, _, error) = CliRunner.Run("status", "--admin", address);

        Assert.Equal(2, exit);
        Assert.Contains("--admin", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prime_set_prints_the_refusal_and_exits_non_zero()
    {
        await using var admin = await AdminHarness.StartAsync();

        var (exit, _, error) = CliRunner.Run("prime", "set", "--admin", admin.Authority, "--token", AdminHarness.Token, "--site", "dr", "--confirm-site-down", "main");

        Assert.Equal(1, exit);
        Assert.Contains("Refused (OldPrimeRecentlyReachable): Refusing to switch to 'dr'", error, StringComparison.Ordinal);
        Assert.Contains("still 'main' (epoch 0)", error, StringComparison.Ordinal);
        Assert.Contains("actorrealm prime set", Assert.Single(admin.Node.Requests).RequestedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prime_set_prints_the_new_epoch_and_who_stored_it()
    {
        await using var admin = await AdminHarness.StartAsync();
        admin.Node.OnSwitch = (site, _, _) => new PrimeSwitchResultView(true, site, 1, ["127.0.0.1:25522", "127.0.0.1:25523"], null, "Prime site is now 'dr'.");

        var (exit, output, error) = CliRunner.Run("prime", "set", "--admin", admin.Authority, "--token", AdminHarness.Token, "--site", "dr", "--confirm-site-down", "main");

        Assert.True(exit == 0, error);
        Assert.Contains("'dr' is the prime site in epoch 1", output, StringComparison.Ordinal);
        Assert.Contains("Stored durably by: 127.0.0.1:25522, 127.0.0.1:25523", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_exits_0_when_live_and_1_when_not_ready()
    {
        await using var admin = await AdminHarness.StartAsync();
        admin.Node.Current = FakeNode.Sample("joining");

        var live = CliRunner.Run("health", "--admin", admin.Authority);
        var ready = CliRunner.Run("health", "--admin", admin.Authority, "--ready");

        Assert.Equal(0, live.Exit);
        Assert.Equal(1, ready.Exit);
        Assert.Contains("503 not-ready: member status is joining", ready.Output, StringComparison.Ordinal);
    }

    private sealed class MemberComparer : IEqualityComparer<MemberView>
    {
        public static MemberComparer Instance { get; } = new();

        public bool Equals(MemberView? x, MemberView? y) =>
            x is not null && y is not null && (x.Node, x.Site, x.Address, x.Status, x.Reachable, x.Incarnation) == (y.Node, y.Site, y.Address, y.Status, y.Reachable, y.Incarnation);

        public int GetHashCode(MemberView obj) => obj.Address.GetHashCode(StringComparison.Ordinal);
    }
}
