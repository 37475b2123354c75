using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport;
using Akka.Remote.Transport.DotNetty;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// Akka.Remote's own DotNetty TCP transport, unchanged on the wire, with one rule added: a connection
/// this node opens to a peer whose server certificate the realm's check refused is closed and its
/// association fails, instead of Akka shutting this node down (see <see cref="RealmCertificateCheck"/>).
/// Configured as <c>akka.remote.dot-netty.tcp.transport-class</c> by <see cref="RealmTransportSecurity.Hocon"/>;
/// transport adapters (the throttler of the multi-node tests) still apply on top of it.
/// </summary>
public sealed class RealmTcpTransport : Transport
{
    /// <summary>Akka's transport class, as Akka.Remote's reference configuration names it.</summary>
    private const string DotNettyTcpTransport = "Akka.Remote.Transport.DotNetty.TcpTransport, Akka.Remote";

    private readonly Transport _inner;
    private readonly RealmCertificateCheck? _check;
    private readonly ILoggingAdapter _log;

    /// <summary>Creates the transport (Akka.Remote calls this with the <c>akka.remote.dot-netty.tcp</c> section).</summary>
    public RealmTcpTransport(ActorSystem system, Config config)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        Config = config;
        _inner = (Transport)Activator.CreateInstance(Type.GetType(DotNettyTcpTransport, throwOnError: true)!, system, config)!;

        // Only the realm's own check defers refusals to this guard; any other setup works as in Akka.
        var setup = system.Settings.Setup.Get<DotNettySslSetup>();
        _check = setup.HasValue ? setup.Value.CustomValidator?.Target as RealmCertificateCheck : null;
        _check?.Guard();
        _log = Logging.GetLogger(system, typeof(RealmTcpTransport));
    }

    /// <inheritdoc />
    public override string SchemeIdentifier => _inner.SchemeIdentifier;

    /// <inheritdoc />
    public override long MaximumPayloadBytes => _inner.MaximumPayloadBytes;

    /// <inheritdoc />
    public override Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen() => _inner.Listen();

    /// <inheritdoc />
    public override bool IsResponsibleFor(Address remote) => _inner.IsResponsibleFor(remote);

    /// <inheritdoc />
    public override async Task<AssociationHandle> Associate(Address remoteAddress)
    {
        ArgumentNullException.ThrowIfNull(remoteAddress);
        if (_check is null)
        {
            return await _inner.Associate(remoteAddress).ConfigureAwait(false);
        }

        // The check names the peer by this address's text: the same object reaches Akka's transport.
        var key = remoteAddress.ToString();
        using (await _check.DialAsync(key).ConfigureAwait(false))
        {
            var handle = await _inner.Associate(remoteAddress).ConfigureAwait(false);
            if (_check.TakeRefusal(key) is { } reason)
            {
                // Nothing was written on it yet: Akka's protocol layer has not seen the handle.
                handle.Disassociate($"the realm refused the TLS certificate of {remoteAddress}", _log);
                throw new InvalidAssociationException($"Refused the TLS certificate of {remoteAddress}: {reason}");
            }

            return handle;
        }
    }

    /// <inheritdoc />
    public override Task<bool> Shutdown() => _inner.Shutdown();

    /// <inheritdoc />
    public override Task<bool> ManagementCommand(object message) => _inner.ManagementCommand(message);
}
