using System.Net;
using System.Net.Http.Json;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Server.Tests;

/// <summary>Real nodes in this process (transport, cluster, admin API) on loopback: the admin API over a live cluster.</summary>
public sealed class RealmNodeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Plain_http_status_auth_readiness_and_the_guarded_switch_refused_then_accepted()
    {
        using var realm = LocalRealm.Create("main:1,dr:1", tls: false);
        var main = await RealmNode.StartAsync(realm.Configuration("main-1", "actorrealm.node.roles = [store, api]"), NullLoggerFactory.Instance);
        await using var dr = await RealmNode.StartAsync(realm.Configuration("dr-1"), NullLoggerFactory.Instance);
        try
        {
            using var client = realm.Client("dr-1");
            var up = await Eventually.Until(
                async () => (await client.StatusAsync(CancellationToken.None)).Status is { Members: var m, Ready: true } s && m.Count(x => x.Status == "up") == 2 ? s : null,
                Deadline,
                "both nodes up");
            Assert.Equal(("test", "dr-1", "dr", "up"), (up.Realm, up.Node, up.Site, up.Status));
            Assert.True(up.HasQuorum && up.Serving && up.Ready);
            Assert.Equal(("main", 0L), (up.PrimeSite, up.PrimeEpoch));
            Assert.Equal("api,store", string.Join(",", up.Members.Single(m => m.Node == "main-1").Roles.Order(StringComparer.Ordinal)));
            Assert.Empty(up.Members.Single(m => m.Node == "dr-1").Roles);
            Assert.Equal(new Uri($"http://{realm.Node("dr-1").AdminAddress}/"), dr.AdminAddress);

            using var http = new HttpClient { BaseAddress = dr.AdminAddress };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/status")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/ready")).StatusCode);

            var refused = await client.SwitchPrimeAsync(new PrimeSwitchBody("dr", "main", "test"), CancellationToken.None);
            Assert.False(refused.Accepted);
            Assert.Equal("OldPrimeRecentlyReachable", refused.Reason);

            await main.StopAsync();
            var lost = await Eventually.Until(
                async () => (await client.StatusAsync(CancellationToken.None)).Status is { HasQuorum: false } s ? s : null,
                Deadline,
                "dr to lose quorum once main has left");
            Assert.False(lost.Ready);
            using var notReady = await http.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("no quorum", (await notReady.Content.ReadFromJsonAsync(AdminJsonContext.Instance.HealthView))!.Reason, StringComparison.Ordinal);

            var accepted = await Eventually.Until(
                async () => await client.SwitchPrimeAsync(new PrimeSwitchBody("dr", "main", "test"), CancellationToken.None) is { } r && (r.Accepted || r.Reason != "OldPrimeRecentlyReachable") ? r : null,
                Deadline,
                "the switch to be accepted once main has been unreachable for min-unreachable");
            Assert.True(accepted.Accepted, accepted.Message);
            Assert.Equal(("dr", 1L), (accepted.PrimeSite, accepted.PrimeEpoch));
            Assert.Contains(realm.Node("dr-1").Address, accepted.StoredBy);

            var switched = await Eventually.Until(
                async () => (await client.StatusAsync(CancellationToken.None)).Status is { Ready: true } s ? s : null,
                Deadline,
                "dr to serve again as the prime site");
            Assert.Equal(("dr", 1L), (switched.PrimeSite, switched.PrimeEpoch));
            Assert.Contains("test from", switched.PrimeSwitch!.SwitchedBy, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(realm.Files.DataDirectory("dr-1"), "prime-epoch.json")));
        }
        finally
        {
            await main.StopAsync();
        }
    }

    [Fact]
    public async Task Https_with_the_node_certificate_verified_against_the_cluster_ca()
    {
        using var realm = LocalRealm.Create("main:1,dr:1", tls: true);
        using var other = LocalRealm.Create("main:1", tls: true);
        await using var main = await RealmNode.StartAsync(realm.Configuration("main-1"), NullLoggerFactory.Instance);
        using var client = realm.Client("main-1");

        var status = await Eventually.Until(
            async () => (await client.StatusAsync(CancellationToken.None)).Status is { Ready: true } s ? s : null,
            Deadline,
            "main to be up alone (half of the realm, with the whole prime site)");
        using var wrongCa = new AdminClient(new Uri($"https://{realm.Node("main-1").AdminAddress}/"), realm.Files.AdminToken, other.Files.CaCertificate, TimeSpan.FromSeconds(10));
        var refused = await Assert.ThrowsAsync<AdminClientException>(() => wrongCa.StatusAsync(CancellationToken.None));
        using var plain = new AdminClient(new Uri($"http://{realm.Node("main-1").AdminAddress}/"), realm.Files.AdminToken, null, TimeSpan.FromSeconds(10));
        var http = await Assert.ThrowsAsync<AdminClientException>(() => plain.StatusAsync(CancellationToken.None));

        Assert.Equal("https", main.AdminAddress!.Scheme);
        Assert.Equal("HalfWithPrimeSite", status.Quorum.Reason);
        Assert.Contains("does not chain to the cluster CA", refused.Message, StringComparison.Ordinal);
        Assert.Contains("HTTPS", http.Message, StringComparison.Ordinal);
    }

    /// <summary>The cluster port given as the admin address, over HTTPS or HTTP, is named as the likely mistake.</summary>
    [Fact]
    public async Task The_cluster_port_given_as_the_admin_api_is_named_as_such()
    {
        using var realm = LocalRealm.Create("main:1,dr:1", tls: true);
        await using var main = await RealmNode.StartAsync(realm.Configuration("main-1"), NullLoggerFactory.Instance);
        var cluster = realm.Node("main-1").Address;

        using var https = new AdminClient(new Uri($"https://{cluster}/"), realm.Files.AdminToken, realm.Files.CaCertificate, TimeSpan.FromSeconds(10));
        var overHttps = await Assert.ThrowsAsync<AdminClientException>(() => https.StatusAsync(CancellationToken.None));
        using var plain = new AdminClient(new Uri($"http://{cluster}/"), realm.Files.AdminToken, null, TimeSpan.FromSeconds(10));
        var overHttp = await Assert.ThrowsAsync<AdminClientException>(() => plain.StatusAsync(CancellationToken.None));

        foreach (var error in new[] { overHttps.Message, overHttp.Message })
        {
            Assert.StartsWith($"{cluster} accepted the connection but is not an admin API", error, StringComparison.Ordinal);
            Assert.Contains($"is {realm.Node("main-1").Port} the node's cluster port (actorrealm.node.port)?", error, StringComparison.Ordinal);
        }
    }
}
