using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.Server.Metrics;
using ActorRealm.Server.StatusConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorRealm.Server.Admin;

/// <summary>The admin API's routes and its bearer-token check.</summary>
internal static class AdminEndpoints
{
    private const string BearerPrefix = "Bearer ";

    public static void Map(WebApplication app, INodeAdministration node, string? token, bool tls, StatusConsoleFeed feed)
    {
        var expected = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var session = expected is null ? null : new ConsoleSession(expected, tls);
        app.Use(async (context, next) =>
        {
            var guarded = context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
            if (expected is not null && guarded && !Authorized(context.Request, expected))
            {
                // The status console's cookie stands for the token too; a change it asks for needs the page's header.
                if (session!.IsValid(context.Request, DateTimeOffset.UtcNow))
                {
                    if (!ConsoleEndpoints.CookieRequestAllowed(context.Request))
                    {
                        await Write(context, StatusCodes.Status403Forbidden, ConsoleEndpoints.MissingHeaderError).ConfigureAwait(false);
                        return;
                    }

                    await next(context).ConfigureAwait(false);
                    return;
                }

                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"actorrealm-admin\"";
                await Write(context, StatusCodes.Status401Unauthorized, new AdminErrorView(
                    "Unauthorized: send the node's admin token as \"Authorization: Bearer <token>\" " +
                    "(actorrealm.node.admin.token; the CLI takes --token or ACTORREALM_ADMIN_TOKEN), or log in to the status console at /console/.")).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        ConsoleEndpoints.Map(app, feed, expected, session);

        app.MapGet("/health/live", () => Results.Json(new HealthView("live", null), AdminJsonContext.Instance.HealthView));
        app.MapGet("/health/ready", () =>
        {
            var status = node.Status();
            return status.Ready
                ? Results.Json(new HealthView("ready", null), AdminJsonContext.Instance.HealthView)
                : Results.Json(new HealthView("not-ready", NotReadyReason(status)), AdminJsonContext.Instance.HealthView, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/api/status", () => Results.Json(node.Status(), AdminJsonContext.Instance.NodeStatusView));
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            var text = await node.MetricsAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = PrometheusText.ContentType;
            await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapPost("/api/prime", (HttpContext context) => SwitchPrimeAsync(context, node));
        app.MapGet("/api/persistence", async (HttpContext context) => await node.PersistenceAsync(context.RequestAborted).ConfigureAwait(false) is { } view
            ? Results.Json(view, AdminJsonContext.Instance.PersistenceStatusView)
            : NoPersistenceSets());
        app.MapGet("/api/persistence/realm", async (HttpContext context) => await node.PersistenceRealmAsync(context.RequestAborted).ConfigureAwait(false) is { } view
            ? Results.Json(view, AdminJsonContext.Instance.PersistenceRealmView)
            : NoPersistenceSets());
        app.MapPost("/api/persistence/cutover", (HttpContext context) => ChangePersistenceAsync(context, node, PersistenceChangeKind.CutOver));
        app.MapPost("/api/persistence/migrate", (HttpContext context) => ChangePersistenceAsync(context, node, PersistenceChangeKind.Migration));
    }

    private static IResult NoPersistenceSets() =>
        Results.Json(new AdminErrorView("This realm defines no persistence sets (actorrealm.persistence.sets)."), AdminJsonContext.Instance.AdminErrorView, statusCode: StatusCodes.Status404NotFound);

    /// <summary>Why a node is not ready, for <c>/health/ready</c>.</summary>
    internal static string NotReadyReason(NodeStatusView status) =>
        status.Status != MemberView.UpStatus ? $"member status is {status.Status}, not up"
        : !status.HasQuorum ? status.Quorum.Explanation
        : !status.Serving ? "not serving"
        : "not ready";

    private static bool Authorized(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing both sides first makes the comparison constant-time in the token's length too.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    private static async Task SwitchPrimeAsync(HttpContext context, INodeAdministration node)
    {
        PrimeSwitchBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, AdminJsonContext.Instance.PrimeSwitchBody, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await BadRequest(context, $"The body is not valid JSON ({e.Message}); expected {{\"site\": \"dr\", \"confirmSiteDown\": \"main\"}}.").ConfigureAwait(false);
            return;
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Site) || string.IsNullOrWhiteSpace(body.ConfirmSiteDown))
        {
            await BadRequest(context, "The body needs \"site\" (the site to make prime) and \"confirmSiteDown\" (the current prime site, confirmed down), e.g. {\"site\": \"dr\", \"confirmSiteDown\": \"main\"}.").ConfigureAwait(false);
            return;
        }

        var requestedBy = string.IsNullOrWhiteSpace(body.RequestedBy) ? "admin API" : body.RequestedBy.Trim();
        requestedBy = $"{requestedBy} from {context.Connection.RemoteIpAddress}";
        PrimeSwitchResultView result;
        try
        {
            result = await node.SwitchPrimeAsync(body.Site.Trim(), body.ConfirmSiteDown.Trim(), requestedBy, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await Write(context, StatusCodes.Status503ServiceUnavailable, new AdminErrorView($"The switch could not be completed: {e.Message}")).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = result.Accepted ? StatusCodes.Status200OK : StatusCodes.Status409Conflict;
        await context.Response.WriteAsJsonAsync(result, AdminJsonContext.Instance.PrimeSwitchResultView, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ChangePersistenceAsync(HttpContext context, INodeAdministration node, PersistenceChangeKind kind)
    {
        var cutOver = kind == PersistenceChangeKind.CutOver;
        var example = cutOver ? "{\"toSet\": \"_setB\", \"confirmSiteDown\": \"main\"}" : "{\"toSet\": \"_setB\"}";
        PersistenceChangeBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, AdminJsonContext.Instance.PersistenceChangeBody, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await BadRequest(context, $"The body is not valid JSON ({e.Message}); expected {example}.").ConfigureAwait(false);
            return;
        }

        if (body is null || string.IsNullOrWhiteSpace(body.ToSet) || (cutOver && string.IsNullOrWhiteSpace(body.ConfirmSiteDown)))
        {
            await BadRequest(context, cutOver
                ? $"The body needs \"toSet\" (the standby set to make primary) and \"confirmSiteDown\" (the primary set's site, confirmed down), e.g. {example}."
                : $"The body needs \"toSet\" (the standby set to make primary), e.g. {example}.").ConfigureAwait(false);
            return;
        }

        var requestedBy = $"{(string.IsNullOrWhiteSpace(body.RequestedBy) ? "admin API" : body.RequestedBy.Trim())} from {context.Connection.RemoteIpAddress}";
        PersistenceChangeResultView? result;
        try
        {
            result = await node.ChangePersistencePrimaryAsync(kind, body.ToSet.Trim(), cutOver ? body.ConfirmSiteDown!.Trim() : string.Empty, requestedBy, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException or InvalidOperationException)
        {
            await Write(context, StatusCodes.Status503ServiceUnavailable, new AdminErrorView($"The {(cutOver ? "cut-over" : "migration")} could not be completed: {e.Message}")).ConfigureAwait(false);
            return;
        }

        if (result is null)
        {
            await NoPersistenceSets().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = result.Outcome switch
        {
            PersistenceChangeResultView.AcceptedOutcome => StatusCodes.Status200OK,
            PersistenceChangeResultView.InvalidOutcome => StatusCodes.Status400BadRequest,
            PersistenceChangeResultView.UnavailableOutcome => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status409Conflict,
        };
        await context.Response.WriteAsJsonAsync(result, AdminJsonContext.Instance.PersistenceChangeResultView, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }

    private static Task BadRequest(HttpContext context, string message) =>
        Write(context, StatusCodes.Status400BadRequest, new AdminErrorView(message));

    private static async Task Write(HttpContext context, int statusCode, AdminErrorView error)
    {
        context.Response.StatusCode = statusCode;
        await context.Response.WriteAsJsonAsync(error, AdminJsonContext.Instance.AdminErrorView, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }
}
