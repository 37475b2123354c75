using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using Akka.Actor;
using Akka.Event;

namespace ActorRealm.Cluster.Joining;

/// <summary>
/// The reason a node ends its actor system to come back as a new incarnation that joins another
/// cluster of its realm. The node process (or test harness) starts the next incarnation when it
/// sees this reason, as it does after <see cref="Akka.Actor.CoordinatedShutdown.ClusterDowningReason"/>.
/// </summary>
public sealed class RejoinReason : CoordinatedShutdown.Reason
{
    /// <summary>The single instance.</summary>
    public static readonly RejoinReason Instance = new();

    private RejoinReason()
    {
    }

    /// <summary>Not a process exit: the process goes on with the next incarnation.</summary>
    public override int ExitCode => 0;

    /// <inheritdoc />
    public override string ToString() => "RejoinReason";
}

/// <summary>Acts on what a probe or a beacon learned about another cluster of the realm.</summary>
internal static class RealmMoves
{
    /// <summary>
    /// Adopts the other side's prime state when it is newer (through the prime site actor, which
    /// stores it first), then moves this node over when <see cref="RealmSides.Decide"/> has said so
    /// for at least one probe interval: views differ for a moment while a member joins (the cluster
    /// it joins does not list it yet), and a node must not leave a cluster it is entering.
    /// </summary>
    public static void Conclude(RealmSetup setup, IActorRef primeActor, ILoggingAdapter log, ActorSystem system, RealmSide own, RealmView view, RealmSide other)
    {
        if (!string.Equals(own.Realm, other.Realm, StringComparison.Ordinal))
        {
            return;
        }

        if (other.Prime.CompareTo(own.Prime) > 0)
        {
            primeActor.Tell(new ConsiderPrime(other.Prime, $"{other.Node} of another cluster of this realm"));
        }

        var decision = RealmSides.Decide(own, view, other);
        if (decision.SameCluster)
        {
            setup.State.ForgetPendingMove();
        }
        else if (decision.Moves && setup.State.ConfirmMove(decision, setup.Cluster.Join.MaxRetryInterval))
        {
            Move(setup, log, system, decision);
        }
    }

    private static void Move(RealmSetup setup, ILoggingAdapter log, ActorSystem system, SideDecision decision)
    {
        if (!setup.State.TryStartRejoin(decision.Targets))
        {
            return;
        }

        log.Warning("This node ({0}) must rejoin as a new incarnation: {1}; it will join {2}", setup.Address, decision.Reason, string.Join(", ", decision.Targets));
        // Skip the graceful leave: the side that moves has no quorum, so its leader could not
        // complete a leave anyway; the members of the other cluster never knew this incarnation.
        // Skip cluster-shutdown too: its only task waits for the cluster daemon, which stops only
        // after a leave or a Down (else with the actor system), so it would hold the move for the
        // phase's whole timeout (5 s by default) before the next incarnation could start.
        _ = CoordinatedShutdown.Get(system).Run(RejoinReason.Instance, CoordinatedShutdown.PhaseBeforeActorSystemTerminate);
    }
}
