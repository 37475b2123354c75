using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ActorRealm.Server.StatusConsole;

namespace ActorRealm.Server.Admin;

/// <summary>Where and how the admin API listens.</summary>
/// <param name="BindHost">Host name or IP address to listen on ("0.0.0.0" or "::" for every interface).</param>
/// <param name="Port">The TCP port (0 picks a free one, for tests).</param>
/// <param name="Certificate">The node certificate (with private key) to serve HTTPS with, or null for plain HTTP.</param>
/// <param name="Token">The bearer token <c>/api/*</c> requires, or null when authentication is off.</param>
public sealed record AdminServerOptions(string BindHost, int Port, X509Certificate2? Certificate, string? Token)
{
    /// <inheritdoc />
    public override string ToString() => $"AdminServerOptions {{ BindHost = {BindHost}, Port = {Port}, Https = {Certificate is not null}, Auth = {Token is not null} }}";
}

/// <summary>
/// The node's admin HTTP API on Kestrel (ASP.NET Core minimal APIs): <c>GET /api/status</c>,
/// <c>POST /api/prime</c>, <c>GET /health/live</c>, <c>GET /health/ready</c>, and the status console at
/// <c>/console/</c> (ADR 0077). See docs/operations.md.
/// </summary>
public sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StatusConsoleFeed? _feed;

    private AdminServer(WebApplication app, StatusConsoleFeed? feed, Uri baseAddress)
    {
        _app = app;
        _feed = feed;
        BaseAddress = baseAddress;
    }

    /// <summary>How often the status console samples the node's views.</summary>
    public static readonly TimeSpan ConsoleSampleInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The address the API answers on, e.g. <c>https://10.0.1.1:25580/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts listening; fails when the port is taken or the host cannot be bound.</summary>
    /// <exception cref="IOException">The address cannot be bound (port in use, unknown interface).</exception>
    public static Task<AdminServer> StartAsync(AdminServerOptions options, INodeAdministration node, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StartAsync(options, app =>
        {
            var feed = new StatusConsoleFeed(node, ConsoleSampleInterval, loggerFactory.CreateLogger<StatusConsoleFeed>());
            AdminEndpoints.Map(app, node, options.Token, options.Certificate is not null, feed);
            return feed;
        }, loggerFactory, cancellationToken);
    }

    /// <summary>
    /// Starts listening with the endpoints <paramref name="map"/> adds and the status console feed it returns, if any
    /// (a persistence server maps only its health and has no console).
    /// </summary>
    /// <exception cref="IOException">The address cannot be bound (port in use, unknown interface).</exception>
    internal static async Task<AdminServer> StartAsync(AdminServerOptions options, Func<WebApplication, StatusConsoleFeed?> map, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var addresses = await ResolveAsync(options.BindHost, cancellationToken).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(AdminServer).Assembly.GetName().Name, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Instance));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            foreach (var address in addresses)
            {
                kestrel.Listen(address, options.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    if (options.Certificate is not null)
                    {
                        listen.UseHttps(options.Certificate);
                    }
                });
            }
        });
        var app = builder.Build();
        var feed = map(app);
        try
        {
            if (feed is not null)
            {
                await feed.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            if (feed is not null)
            {
                await feed.DisposeAsync().ConfigureAwait(false);
            }

            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var port = bound is null ? options.Port : new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal)).Port;
        var scheme = options.Certificate is null ? "http" : "https";
        return new AdminServer(app, feed, new UriBuilder(scheme, DisplayHost(options.BindHost), port).Uri);
    }

    /// <summary>Stops listening, letting requests in flight finish.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            if (_feed is not null)
            {
                await _feed.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            return [ip];
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [IPAddress.Loopback];
        }

        try
        {
            var resolved = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            return resolved.Length > 0 ? resolved : throw new IOException($"The admin host '{host}' resolves to no address.");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new IOException($"The admin host '{host}' cannot be resolved: {e.Message}", e);
        }
    }

    private static string DisplayHost(string bindHost) => bindHost switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" or "[::]" => "::1",
        _ => bindHost,
    };

    private sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
            // The factory belongs to the node.
        }
    }
}
