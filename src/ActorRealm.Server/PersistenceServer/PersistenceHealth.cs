using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.Admin;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server.PersistenceServer;

/// <summary>
/// A persistence server's only HTTP endpoints (it has no admin API: the realm servers show its status):
/// <c>GET /health/live</c> and <c>GET /health/ready</c>, open and answered like a realm server's (ADR 0050), on the
/// admin server's Kestrel set-up, over HTTPS with the server's certificate when the transport uses TLS.
/// </summary>
internal static class PersistenceHealth
{
    // A probe gives up after a few seconds; the server actor answers at once unless it is stuck, which is "not ready".
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Starts the endpoints, or returns null when <c>actorrealm.persistence.health.port</c> is 0.</summary>
    /// <exception cref="NodeStartupException">The port cannot be bound.</exception>
    public static async Task<AdminServer?> StartAsync(PersistenceServerConfiguration configuration, IActorRef server, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (configuration.HealthPort == 0)
        {
            return null;
        }

        var bind = configuration.Node.Admin.BindHostname.Length > 0 ? configuration.Node.Admin.BindHostname : configuration.Server.Address.Host;
        var options = new AdminServerOptions(bind, configuration.HealthPort, configuration.TransportSecurity.Tls?.Certificate, Token: null);
        try
        {
            return await AdminServer.StartAsync(options, app =>
            {
                Map(app, server);
                return null;
            }, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new NodeStartupException($"Persistence server '{configuration.Server.Name}' cannot serve its health endpoints on {bind}:{configuration.HealthPort} (actorrealm.persistence.health.port): {e.Message}", e);
        }
    }

    private static void Map(WebApplication app, IActorRef server)
    {
        app.MapGet("/health/live", () => Results.Json(new HealthView("live", null), AdminJsonContext.Instance.HealthView));
        app.MapGet("/health/ready", async (HttpContext context) =>
        {
            PersistenceReadiness readiness;
            try
            {
                readiness = await server.Ask<PersistenceReadiness>(GetPersistenceReadiness.Instance, AskTimeout, context.RequestAborted).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                readiness = new PersistenceReadiness(false, $"the server did not answer within {AskTimeout.TotalSeconds:0} s");
            }

            return readiness.Ready
                ? Results.Json(new HealthView("ready", readiness.Reason), AdminJsonContext.Instance.HealthView)
                : Results.Json(new HealthView("not-ready", readiness.Reason), AdminJsonContext.Instance.HealthView, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
    }
}
