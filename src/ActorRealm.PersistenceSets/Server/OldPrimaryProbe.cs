using ActorRealm.PersistenceSets.RealmLink;
using Akka.Actor;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// The persistence half of the cut-over guard (ADR 0073): asks each server of the old primary set, at its configured
/// address, to identify itself, and tells its parent which answered within the timeout. A server that answers from
/// the DR side may still be serving, so the cut-over is refused. Stops itself once it has answered.
/// </summary>
public sealed class OldPrimaryProbe : ReceiveActor, IWithTimers
{
    private readonly IReadOnlyList<(string Name, ActorSelection Server)> _servers;
    private readonly TimeSpan _timeout;
    private readonly int _expected;
    private readonly OldPrimaryProbed _result;
    private readonly SortedSet<string> _answered = new(StringComparer.Ordinal);
    private int _heard;
    private bool _done;

    /// <summary>Creates the probe; it asks at once.</summary>
    public OldPrimaryProbe(IReadOnlyList<(string Name, ActorSelection Server)> servers, TimeSpan timeout, OldPrimaryProbed result)
    {
        _servers = servers;
        _timeout = timeout;
        _expected = servers.Count;
        _result = result;

        Receive<ActorIdentity>(identity =>
        {
            _heard++;
            if (identity.Subject is not null && identity.MessageId is string name)
            {
                _answered.Add(name);
            }

            if (_heard >= _expected)
            {
                Finish();
            }
        });
        Receive<ProbeTimeout>(_ => Finish());
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the probe.</summary>
    public static Props Props(IReadOnlyList<(string Name, ActorSelection Server)> servers, TimeSpan timeout, OldPrimaryProbed result) =>
        Akka.Actor.Props.Create(() => new OldPrimaryProbe(servers, timeout, result));

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var (name, server) in _servers)
        {
            server.Tell(new Identify(name), Self);
        }

        Timers.StartSingleTimer(ProbeTimeout.Instance, ProbeTimeout.Instance, _timeout);
    }

    private void Finish()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        Context.Parent.Tell(_result with { Answered = [.. _answered] });
        Context.Stop(Self);
    }

    private sealed class ProbeTimeout
    {
        public static readonly ProbeTimeout Instance = new();
    }
}

/// <summary>What an <see cref="OldPrimaryProbe"/> found (local only).</summary>
/// <param name="PrimarySet">The old primary set probed.</param>
/// <param name="Answered">Its servers that answered.</param>
/// <param name="Command">The cut-over being guarded.</param>
/// <param name="Requester">Who asked for it.</param>
public sealed record OldPrimaryProbed(string PrimarySet, IReadOnlyList<string> Answered, PersistenceAdminCommand Command, IActorRef Requester);
