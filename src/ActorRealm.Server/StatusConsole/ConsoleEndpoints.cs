using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActorRealm.Server.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ActorRealm.Server.StatusConsole;

/// <summary><c>POST /console/login</c> body: the admin token the operator pasted.</summary>
/// <param name="Token">The node's admin token.</param>
public sealed record ConsoleLoginBody(string? Token);

/// <summary>
/// The status console's routes (ADR 0077): the page and its assets (embedded in this assembly, served by the node),
/// the login and logout that set and clear the session cookie, the snapshot and the server-sent event stream.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>How often the stream repeats the snapshot when nothing changed, so the page knows it is connected.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(3);

    private static readonly (string Path, string Resource, string ContentType)[] Assets =
    [
        ("/console/", "console.html", "text/html; charset=utf-8"),
        ("/console/console.css", "console.css", "text/css; charset=utf-8"),
        ("/console/console.js", "console.js", "text/javascript; charset=utf-8"),
    ];

    public static void Map(WebApplication app, StatusConsoleFeed feed, byte[]? expected, ConsoleSession? session)
    {
        app.MapGet("/", () => Results.Redirect("/console/"));
        foreach (var (path, resource, contentType) in Assets)
        {
            var bytes = Asset(resource);
            app.MapGet(path, (HttpContext context) =>
            {
                SecurityHeaders(context.Response);
                return Results.Bytes(bytes, contentType);
            });
        }

        app.MapPost("/console/login", async (HttpContext context) =>
        {
            if (!context.Request.Headers.ContainsKey(ConsoleSession.CsrfHeader))
            {
                return MissingHeader();
            }

            if (expected is null || session is null)
            {
                return Results.NoContent();
            }

            ConsoleLoginBody? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync(context.Request.Body, AdminJsonContext.Instance.ConsoleLoginBody, context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                body = null;
            }

            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(body?.Token?.Trim() ?? string.Empty));
            if (!CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return Results.Json(
                    new AdminErrorView("That is not this node's admin token (actorrealm.node.admin.token, or the file ACTORREALM_ADMIN_TOKEN names). Paste it again; it is the same token the CLI takes with --token."),
                    AdminJsonContext.Instance.AdminErrorView,
                    statusCode: StatusCodes.Status401Unauthorized);
            }

            session.Issue(context.Response, DateTimeOffset.UtcNow);
            return Results.NoContent();
        });
        app.MapPost("/console/logout", (HttpContext context) =>
        {
            if (!context.Request.Headers.ContainsKey(ConsoleSession.CsrfHeader))
            {
                return MissingHeader();
            }

            session?.Clear(context.Response);
            return Results.NoContent();
        });

        app.MapGet("/api/console/snapshot", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text(feed.Latest.Json, "application/json; charset=utf-8");
        });
        app.MapGet("/api/console/stream", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-store";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            // The node's stop must not wait for open consoles: their streams end with the application.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
            var cancel = linked.Token;
            try
            {
                // The browser's EventSource reconnects by itself after a drop; "retry" tells it how soon.
                await context.Response.WriteAsync("retry: 2000\n\n", cancel).ConfigureAwait(false);
                while (!cancel.IsCancellationRequested)
                {
                    var (snapshot, json) = feed.Latest;
                    await context.Response.WriteAsync($"event: snapshot\nid: {snapshot.Version}\ndata: {json}\n\n", cancel).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                    await feed.WaitForChangeAsync(snapshot.Version, Heartbeat, cancel).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The page went away.
            }
        });
    }

    /// <summary>Whether a request authenticated by the console's cookie may go on: reads always, changes only with the page's header.</summary>
    public static bool CookieRequestAllowed(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Headers.ContainsKey(ConsoleSession.CsrfHeader);

    /// <summary>The refusal of a state-changing request from a browser that lacks the console's header.</summary>
    public static AdminErrorView MissingHeaderError { get; } = new(
        $"Refused: a request that changes state with the console's cookie must carry the header {ConsoleSession.CsrfHeader} (the console page sends it; another site cannot).");

    private static IResult MissingHeader() =>
        Results.Json(MissingHeaderError, AdminJsonContext.Instance.AdminErrorView, statusCode: StatusCodes.Status403Forbidden);

    private static void SecurityHeaders(HttpResponse response)
    {
        // Everything comes from the node itself; no frame may hold the page (its buttons switch the prime site).
        response.Headers.ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }

    private static byte[] Asset(string name)
    {
        using var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream($"ActorRealm.Server.StatusConsole.{name}")
            ?? throw new InvalidOperationException($"The console asset {name} is not embedded in {typeof(ConsoleEndpoints).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
