using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ActorRealm.Cluster.Admission;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands.Admin;

/// <summary>A request to the admin API failed; the message says why and what to try.</summary>
internal sealed class AdminClientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Talks to a node's admin API: bearer token, and for HTTPS a server certificate checked against
/// the cluster CA only (not the system trust store). Errors become <see cref="AdminClientException"/>s
/// an operator can act on.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly X509Certificate2? _ca;
    private string? _certificateProblem;

    public AdminClient(Uri baseAddress, string? token, string? caFile, TimeSpan timeout)
    {
        BaseAddress = baseAddress;
        if (caFile is not null)
        {
            if (Directory.Exists(caFile))
            {
                throw new AdminClientException($"The CA certificate '{caFile}' is a directory; pass the CA's certificate file (PEM), e.g. certs/ca.crt.");
            }

            if (!File.Exists(caFile))
            {
                throw new AdminClientException($"The CA certificate file '{caFile}' does not exist; pass the cluster CA's certificate (PEM) with --ca or ACTORREALM_ADMIN_CA.");
            }

            try
            {
                _ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new AdminClientException($"Cannot read the CA certificate '{caFile}': {e.Message}", e);
            }
        }

        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (_ca is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ValidateServer;
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>The status as served (the JSON text) and parsed.</summary>
    public async Task<(string Json, NodeStatusView Status)> StatusAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/status"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return (json, Parse(json, AdminJsonContext.Instance.NodeStatusView));
    }

    /// <summary>The node's metrics in the Prometheus text format (<c>GET /metrics</c>).</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "metrics"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The realm's persistence servers from the node's perspective, as served (the JSON text) and parsed.</summary>
    public async Task<(string Json, PersistenceStatusView View)> PersistenceAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/persistence"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return (json, Parse(json, AdminJsonContext.Instance.PersistenceStatusView));
    }

    /// <summary>
    /// Asks for a persistence cut-over (<paramref name="path"/> <c>api/persistence/cutover</c>) or migration
    /// (<c>api/persistence/migrate</c>); accepted, refused, invalid and unavailable answers all return a result.
    /// </summary>
    public async Task<PersistenceChangeResultView> ChangePersistenceAsync(string path, PersistenceChangeBody body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, AdminJsonContext.Instance.PersistenceChangeBody) };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.BadRequest or HttpStatusCode.ServiceUnavailable
            && TryParse(json, AdminJsonContext.Instance.PersistenceChangeResultView) is { Outcome: not null } result)
        {
            return result;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        throw new AdminClientException($"Unexpected answer {(int)response.StatusCode} from {BaseAddress}{path}.");
    }

    /// <summary>The live persistence servers of every realm server the node reaches.</summary>
    public async Task<PersistenceRealmView> PersistenceRealmAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/persistence/realm"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return Parse(json, AdminJsonContext.Instance.PersistenceRealmView);
    }

    /// <summary>As <see cref="PersistenceAsync"/>, or null when the realm defines no persistence sets (the API answers 404).</summary>
    public async Task<PersistenceStatusView?> TryPersistenceAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/persistence"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), AdminJsonContext.Instance.PersistenceStatusView);
    }

    /// <summary>Asks for the guarded prime switch; accepted and refused answers both return a result.</summary>
    public async Task<PrimeSwitchResultView> SwitchPrimeAsync(PrimeSwitchBody body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/prime") { Content = JsonContent.Create(body, AdminJsonContext.Instance.PrimeSwitchBody) };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict)
        {
            var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Parse(json, AdminJsonContext.Instance.PrimeSwitchResultView);
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        throw new AdminClientException($"Unexpected answer {(int)response.StatusCode} from {BaseAddress}api/prime.");
    }

    /// <summary>GET /health/live or /health/ready: the status code and the body.</summary>
    public async Task<(HttpStatusCode Code, HealthView? Health)> HealthAsync(bool ready, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, ready ? "health/ready" : "health/live"), cancellationToken).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (response.StatusCode, JsonSerializer.Deserialize(json, AdminJsonContext.Instance.HealthView));
        }
        catch (JsonException)
        {
            return (response.StatusCode, null);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _ca?.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new AdminClientException(await DescribeAsync(e, cancellationToken).ConfigureAwait(false), e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AdminClientException($"The admin API at {BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s.", e);
            }
        }
    }

    private async Task<string> DescribeAsync(HttpRequestException e, CancellationToken cancellationToken)
    {
        var known = Describe(e);
        if (known is not null)
        {
            return known;
        }

        // Something answered but the request failed: find out whether it speaks HTTP at all.
        var https = await AnswersHttpAsync(Uri.UriSchemeHttps, cancellationToken).ConfigureAwait(false);
        var http = !https && await AnswersHttpAsync(Uri.UriSchemeHttp, cancellationToken).ConfigureAwait(false);
        return (https, http) switch
        {
            (false, false) =>
                $"{BaseAddress.Authority} accepted the connection but is not an admin API (no HTTP answer over HTTP or HTTPS): " +
                $"is {BaseAddress.Port} the node's cluster port (actorrealm.node.port)? The admin API listens on actorrealm.node.admin-port (default 25580).",
            (true, _) when BaseAddress.Scheme == Uri.UriSchemeHttp =>
                $"The node at {BaseAddress} closed the connection without an HTTP answer: its admin API serves HTTPS (TLS on). Pass the cluster CA with --ca (or ACTORREALM_ADMIN_CA).",
            (_, true) when BaseAddress.Scheme == Uri.UriSchemeHttps =>
                $"TLS with {BaseAddress} failed ({e.InnerException?.Message ?? e.Message}): the node serves plain HTTP (TLS off). Leave out --ca.",
            _ => $"The request to {BaseAddress} failed: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : string.Empty)}",
        };
    }

    /// <summary>Whether the admin address answers an HTTP request over <paramref name="scheme"/> (any certificate, any status).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5359", Justification = "A diagnosis of what listens on the port: it sends an anonymous health probe, no token, and reads nothing but whether HTTP answered.")]
    private async Task<bool> AnswersHttpAsync(string scheme, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var probe = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await probe.GetAsync(new UriBuilder(BaseAddress) { Scheme = scheme, Path = "health/live" }.Uri, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>What an operator should know about a failure that needs no further probe, or null.</summary>
    private string? Describe(HttpRequestException e)
    {
        var socket = FindInner<SocketException>(e);
        if (socket?.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return $"Cannot connect to the admin API at {BaseAddress}: connection refused. Is the node running, and is {BaseAddress.Authority} its host and actorrealm.node.admin-port?";
        }

        if (socket?.SocketErrorCode is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData)
        {
            return $"Cannot resolve the admin host '{BaseAddress.Host}'.";
        }

        if (_certificateProblem is not null)
        {
            return $"The node's certificate is not trusted: {_certificateProblem}. Pass the cluster CA the node's certificate was issued by (--ca).";
        }


        return null;
    }

    private static T? FindInner<T>(Exception e)
        where T : Exception
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is T match)
            {
                return match;
            }
        }

        return null;
    }

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _certificateProblem = PeerCertificateValidator.Validate(certificate, _ca!, peerIsServer: true, expectedHost: null, DateTimeOffset.UtcNow);
        return _certificateProblem is null;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var error = TryParse(body, AdminJsonContext.Instance.AdminErrorView)?.Error;
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new AdminClientException(
                $"The node refused the request (401 Unauthorized): {(string.IsNullOrEmpty(_http.DefaultRequestHeaders.Authorization?.Parameter) ? "no token was sent" : "the token is wrong")}. " +
                "Pass the node's admin token with --token or the environment variable ACTORREALM_ADMIN_TOKEN."),
            _ => new AdminClientException($"The node answered {(int)response.StatusCode} {response.ReasonPhrase}: {error ?? body}"),
        };
    }

    private T Parse<T>(string json, JsonTypeInfo<T> type) =>
        TryParse(json, type) ?? throw new AdminClientException($"The answer of {BaseAddress} is not the admin API's JSON: {Truncate(json)}");

    private static T? TryParse<T>(string json, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
