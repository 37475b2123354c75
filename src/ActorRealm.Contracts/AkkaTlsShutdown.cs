using Akka.Actor;

namespace ActorRealm.Contracts;

/// <summary>
/// Recognises Akka.Remote's shutdown of a whole actor system after a TLS handshake failed on a connection the system
/// opened (its internal <c>TlsHandshakeFailureReason</c>, exit code 79). Akka runs it for any failure on the dialling
/// side, also when the peer merely died or froze in the middle of the handshake: a crash elsewhere, not a
/// misconfiguration here. Realm clients and nodes start again instead of staying down (ADR 0081).
/// </summary>
public static class AkkaTlsShutdown
{
    private const string ReasonType = "Akka.Remote.Transport.DotNetty.TlsHandshakeFailureReason";

    /// <summary>Whether <paramref name="reason"/> (a system's <c>CoordinatedShutdown.ShutdownReason</c>) is that shutdown.</summary>
    public static bool Is(CoordinatedShutdown.Reason? reason) => reason is { ExitCode: 79 } && reason.GetType().FullName == ReasonType;
}
