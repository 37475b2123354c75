using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Tests.Support;

namespace ActorRealm.Server.Tests;

/// <summary>The admin API's HTTP surface (routes, JSON shape, bearer token, errors) in front of a stand-in node.</summary>
public sealed class AdminApiTests
{
    [Fact]
    public async Task Status_has_the_documented_shape()
    {
        await using var admin = await AdminHarness.StartAsync();
        using var client = admin.Client();

        using var response = await client.GetAsync("api/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        foreach (var key in new[] { "realm", "node", "site", "status", "hasQuorum", "quorum", "serving", "ready", "primeSite", "primeEpoch", "primeSwitch", "leader", "members", "sites" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing '{key}' in {root}");
        }

        Assert.Equal("demo", root.GetProperty("realm").GetString());
        Assert.Equal(0, root.GetProperty("primeEpoch").GetInt64());
        Assert.Equal("Majority", root.GetProperty("quorum").GetProperty("reason").GetString());
        var member = root.GetProperty("members")[2];
        foreach (var key in new[] { "node", "site", "address", "status", "reachable", "incarnation", "roles" })
        {
            Assert.True(member.TryGetProperty(key, out _), $"missing member '{key}' in {member}");
        }

        Assert.Equal("dr-1", member.GetProperty("node").GetString());
        Assert.False(member.GetProperty("reachable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("members")[3].GetProperty("incarnation").ValueKind);
        Assert.Equal("api,store", string.Join(",", root.GetProperty("members")[0].GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-of-some-length")]
    [InlineData("")]
    [InlineData(AdminHarness.Token + "x")]
    public async Task Api_refuses_a_missing_or_wrong_token_with_401(string? token)
    {
        await using var admin = await AdminHarness.StartAsync();
        using var client = admin.Client(token);

        using var status = await client.GetAsync("api/status");
        using var prime = await client.PostAsJsonAsync("api/prime", new PrimeSwitchBody("dr", "main", null), AdminJsonContext.Instance.PrimeSwitchBody);

        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, prime.StatusCode);
        Assert.Contains("Bearer", status.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(admin.Node.Requests);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_behind_the_token()
    {
        await using var admin = await AdminHarness.StartAsync();
        using var client = admin.Client();
        using var anonymous = admin.Client(token: null);

        using var response = await client.GetAsync("metrics");
        using var refused = await anonymous.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(admin.Node.Metrics, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Another_scheme_is_refused()
    {
        await using var admin = await AdminHarness.StartAsync();
        using var client = admin.Client(token: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/status");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AdminHarness.Token)));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_need_no_token()
    {
        await using var admin = await AdminHarness.StartAsync();
        using var client = admin.Client(token: null);

        using var live = await client.GetAsync("health/live");
        using var ready = await client.GetAsync("health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Theory]
    [InlineData("joining", true, true, "member status is joining, not up")]
    [InlineData("up", false, false, "no quorum: 2 of 4 members reachable, exactly half, but prime site 'main' is missing 127.0.0.1:25521")]
    [InlineData("leaving", true, true, "member status is leaving, not up")]
    public async Task Readiness_is_503_with_the_reason_unless_up_and_serving_with_quorum(string status, bool quorum, bool serving, string reason)
    {
        await using var admin = await AdminHarness.StartAsync();
        admin.Node.Current = FakeNode.Sample(status, quorum, serving);
        using var client = admin.Client(token: null);

        using var response = await client.GetAsync("health/ready");
        var health = await response.Content.ReadFromJsonAsync(AdminJsonContext.Instance.HealthView);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("not-ready", health!.Status);
        Assert.Equal(reason, health.Reason);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("{\"site\": \"dr\"}", "confirmSiteDown")]
    [InlineData("{\"confirmSiteDown\": \"main\"}", "\"site\"")]
    [InlineData("", "not valid JSON")]
    [InlineData("[1, 2]", "not valid JSON")]
    public async Task Prime_answers_400_with_a_clear_message_for_bad_bodies(string body, string expected)
    {
        await using var admin = await AdminHarness.StartAsync();
        using var client = admin.Client();

        using var response = await client.PostAsync("api/prime", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await response.Content.ReadFromJsonAsync(AdminJsonContext.Instance.AdminErrorView);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, error!.Error, StringComparison.Ordinal);
        Assert.Empty(admin.Node.Requests);
    }

    [Fact]
    public async Task Prime_answers_409_with_the_guards_message_when_refused()
    {
        await using var admin = await AdminHarness.StartAsync();
        using var client = admin.Client();

        using var response = await client.PostAsJsonAsync("api/prime", new PrimeSwitchBody("dr", "main", "alice"), AdminJsonContext.Instance.PrimeSwitchBody);
        var result = await response.Content.ReadFromJsonAsync(AdminJsonContext.Instance.PrimeSwitchResultView);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.False(result!.Accepted);
        Assert.Equal("OldPrimeRecentlyReachable", result.Reason);
        Assert.Contains("was reachable 2 s ago", result.Message, StringComparison.Ordinal);
        var request = Assert.Single(admin.Node.Requests);
        Assert.Equal(("dr", "main"), (request.Site, request.ConfirmSiteDown));
        Assert.StartsWith("alice from 127.0.0.1", request.RequestedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prime_answers_200_with_the_new_epoch_when_accepted()
    {
        await using var admin = await AdminHarness.StartAsync();
        admin.Node.OnSwitch = (site, _, _) => new PrimeSwitchResultView(true, site, 1, ["127.0.0.1:25522"], null, "switched");
        using var client = admin.Client();

        using var response = await client.PostAsJsonAsync("api/prime", new PrimeSwitchBody("dr", "main", null), AdminJsonContext.Instance.PrimeSwitchBody);
        var result = await response.Content.ReadFromJsonAsync(AdminJsonContext.Instance.PrimeSwitchResultView);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(result!.Accepted);
        Assert.Equal(("dr", 1L), (result.PrimeSite, result.PrimeEpoch));
        Assert.Equal(["127.0.0.1:25522"], result.StoredBy);
        Assert.StartsWith("admin API from", Assert.Single(admin.Node.Requests).RequestedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_auth_off_the_api_is_open()
    {
        await using var admin = await AdminHarness.StartAsync(auth: false);
        using var client = admin.Client(token: null);

        using var response = await client.GetAsync("api/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Https_serves_the_node_certificate_that_chains_to_the_cluster_ca()
    {
        await using var admin = await AdminHarness.StartAsync(https: true);
        using var client = admin.Client();

        using var response = await client.GetAsync("api/status");

        Assert.Equal("https", admin.Server.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Https_refuses_plain_http_requests()
    {
        await using var admin = await AdminHarness.StartAsync(https: true);
        using var client = new HttpClient { BaseAddress = new Uri($"http://{admin.Authority}/"), Timeout = TimeSpan.FromSeconds(30) };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("health/live"));
    }
}
