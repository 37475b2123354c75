using ActorRealm.Contracts;
using ActorRealm.Server.Tests.Support;
using Akka.Actor;
using Akka.Remote.Transport.DotNetty;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Server.Tests;

/// <summary>
/// Akka.Remote shuts a whole actor system down when a TLS handshake fails on a connection it opened, also when the peer
/// only died in the middle of it (ADR 0081): a realm server rejoins the realm instead of ending. The client library's
/// side: <c>RealmClientTests.A_server_dying_in_the_middle_of_a_TLS_handshake_costs_the_client_its_actor_system_not_its_publishes</c>.
/// </summary>
public sealed class AkkaTlsShutdownTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_reason_is_recognised_and_others_are_not()
    {
        Assert.True(AkkaTlsShutdown.Is(TlsHandshakeFailure()));
        Assert.False(AkkaTlsShutdown.Is(CoordinatedShutdown.ClusterDowningReason.Instance));
        Assert.False(AkkaTlsShutdown.Is(CoordinatedShutdown.ClrExitReason.Instance));
        Assert.False(AkkaTlsShutdown.Is(null));
    }

    [Fact]
    public async Task A_realm_server_shut_down_by_Akka_for_a_failed_TLS_handshake_rejoins_instead_of_ending()
    {
        using var realm = LocalRealm.Create("main:1,dr:1", tls: false);
        await using var main = await RealmNode.StartAsync(realm.Configuration("main-1"), NullLoggerFactory.Instance);
        await using var dr = await RealmNode.StartAsync(realm.Configuration("dr-1"), NullLoggerFactory.Instance);
        await Eventually.Until(async () => (await realm.Client("main-1").StatusAsync(CancellationToken.None)).Status is { Ready: true } s ? s : null, Deadline, "main-1 ready");
        var first = main.System;
        var next = new TaskCompletionSource<ActorSystem>(TaskCreationOptions.RunContinuationsAsynchronously);
        main.IncarnationStarted += (_, system) => next.TrySetResult(system);

        await CoordinatedShutdown.Get(first).Run(TlsHandshakeFailure()).WaitAsync(Deadline);

        Assert.NotSame(first, await next.Task.WaitAsync(Deadline));
        Assert.False(main.WhenTerminated.IsCompleted, "main-1 ended instead of rejoining");
        await Eventually.Until(async () => (await realm.Client("main-1").StatusAsync(CancellationToken.None)).Status is { Ready: true } s ? s : null, Deadline, "main-1 ready again");
    }

    /// <summary>Akka's own reason (an internal type), as its transport creates it.</summary>
    private static CoordinatedShutdown.Reason TlsHandshakeFailure() =>
        (CoordinatedShutdown.Reason)Activator.CreateInstance(typeof(DotNettySslSetup).Assembly.GetType("Akka.Remote.Transport.DotNetty.TlsHandshakeFailureReason", throwOnError: true)!, "TLS handshake failed on outbound connection to [127.0.0.1:1] (test)")!;
}
