using ActorRealm.Actors.Cell;
using ActorRealm.Actors.Logging;

namespace ActorRealm.Actors.Supervision;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the child's state and continue with its next message.</summary>
    Resume,

    /// <summary>Replace the child's instance with a new one (state lost, mailbox kept).</summary>
    Restart,

    /// <summary>Stop the child.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, handing the decision to its parent.</summary>
    Escalate,
}

/// <summary>
/// How a parent handles its children's failures: a decider maps the exception to a
/// <see cref="Directive"/>; restarts are limited to <see cref="MaxNrOfRetries"/> within
/// <see cref="WithinTimeRange"/>, after which the child is stopped.
/// </summary>
public abstract class SupervisorStrategy
{
    private protected SupervisorStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange is { } w && w > TimeSpan.Zero && w != Timeout.InfiniteTimeSpan ? w : null;
        Decider = decider;
    }

    /// <summary>
    /// The default strategy (one-for-one, unlimited restarts): <see cref="ActorInitializationException"/>,
    /// <see cref="ActorKilledException"/> and <see cref="DeathPactException"/> stop the child; any other exception restarts it.
    /// </summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>A strategy that stops any failing child.</summary>
    public static SupervisorStrategy Stopping { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/> (-1 = unlimited, 0 = never restart).</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window the restart count applies to (null = since the child was created).</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>Maps a failure to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>The default decider (see <see cref="Default"/>).</summary>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Applies the strategy; false means escalate.</summary>
    internal virtual bool HandleFailure(ActorCell parent, ActorCell child, Exception cause, bool escalated, ChildRestartStats stats, ChildrenContainer children)
    {
        Directive directive;
        try
        {
            directive = Decider(cause);
        }
        catch (Exception deciderFailure)
        {
            RuntimeLog.DeciderFailed(parent.System.Log, deciderFailure, parent);
            directive = Directive.Stop;
        }

        return Apply(parent, child, cause, directive, stats, children);
    }

    private protected bool Apply(ActorCell parent, ActorCell child, Exception cause, Directive directive, ChildRestartStats stats, ChildrenContainer children)
    {
        switch (directive)
        {
            case Directive.Resume:
                RuntimeLog.ChildResumed(parent.System.Log, cause, child, cause.Message);
                ActorCell.ResumeChild(child, cause);
                return true;
            case Directive.Restart:
                var now = parent.System.TimeProvider.GetUtcNow();
                if (!stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, now))
                {
                    RuntimeLog.ChildRestartLimit(parent.System.Log, cause, child, MaxNrOfRetries, WithinTimeRange);
                    ProcessStop(parent, child, children);
                    return true;
                }

                RuntimeLog.ChildRestarted(parent.System.Log, cause, child, cause.Message);
                ProcessRestart(parent, child, cause, children);
                return true;
            case Directive.Stop:
                RuntimeLog.ChildStopped(parent.System.Log, cause, child, cause.Message);
                ProcessStop(parent, child, children);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Restarts the failed child (and, for all-for-one, its siblings).</summary>
    private protected abstract void ProcessRestart(ActorCell parent, ActorCell child, Exception cause, ChildrenContainer children);

    /// <summary>Stops the failed child (and, for all-for-one, its siblings).</summary>
    private protected abstract void ProcessStop(ActorCell parent, ActorCell child, ChildrenContainer children);
}

/// <summary>Applies the directive to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy with a restart limit.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within the window (-1 = unlimited).</param>
    /// <param name="withinTimeRange">The window (null = unlimited).</param>
    /// <param name="decider">Maps a failure to a directive.</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : base(-1, null, decider)
    {
    }

    private protected override void ProcessRestart(ActorCell parent, ActorCell child, Exception cause, ChildrenContainer children) =>
        ActorCell.RestartChild(child, cause, suspendFirst: false);

    private protected override void ProcessStop(ActorCell parent, ActorCell child, ChildrenContainer children) => parent.Stop(child);
}

/// <summary>Applies the directive to all children when one fails (for children that only make sense together).</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy with a restart limit.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within the window (-1 = unlimited).</param>
    /// <param name="withinTimeRange">The window (null = unlimited).</param>
    /// <param name="decider">Maps a failure to a directive.</param>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider)
        : base(-1, null, decider)
    {
    }

    private protected override void ProcessRestart(ActorCell parent, ActorCell child, Exception cause, ChildrenContainer children)
    {
        foreach (var sibling in children.Snapshot())
        {
            ActorCell.RestartChild(sibling, cause, suspendFirst: !ReferenceEquals(sibling, child));
        }
    }

    private protected override void ProcessStop(ActorCell parent, ActorCell child, ChildrenContainer children)
    {
        foreach (var sibling in children.Snapshot())
        {
            parent.Stop(sibling);
        }
    }
}

/// <summary>
/// The <c>/user</c> guardian's strategy: a failure escalated by a top-level actor stops that actor
/// (it goes no higher, so the system and the process survive); other failures follow the configured strategy.
/// </summary>
internal sealed class GuardianSupervisorStrategy(SupervisorStrategy inner) : SupervisorStrategy(-1, null, inner.Decider)
{
    internal override bool HandleFailure(ActorCell parent, ActorCell child, Exception cause, bool escalated, ChildRestartStats stats, ChildrenContainer children)
    {
        if (escalated)
        {
            RuntimeLog.EscalatedToGuardian(parent.System.Log, cause, child);
            parent.Stop(child);
            return true;
        }

        return inner.HandleFailure(parent, child, cause, escalated, stats, children) ||
               Apply(parent, child, cause, Directive.Stop, stats, children);
    }

    private protected override void ProcessRestart(ActorCell parent, ActorCell child, Exception cause, ChildrenContainer children) =>
        ActorCell.RestartChild(child, cause, suspendFirst: false);

    private protected override void ProcessStop(ActorCell parent, ActorCell child, ChildrenContainer children) => parent.Stop(child);
}

/// <summary>Restart statistics of one child: the count within the current window.</summary>
internal sealed class ChildRestartStats(IActorRef child)
{
    private DateTimeOffset? _windowStart;

    public IActorRef Child { get; } = child;

    public int RestartCount { get; private set; }

    /// <summary>Counts a restart; false when the limit is exceeded (the child is then stopped).</summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? window, DateTimeOffset now)
    {
        if (maxNrOfRetries == 0)
        {
            return false;
        }

        if (maxNrOfRetries < 0 && window is null)
        {
            return true;
        }

        var limit = maxNrOfRetries < 0 ? 1 : maxNrOfRetries;
        if (window is null)
        {
            RestartCount++;
            return RestartCount <= limit;
        }

        if (_windowStart is null || now - _windowStart.Value > window.Value)
        {
            _windowStart = now;
            RestartCount = 1;
            return true;
        }

        RestartCount++;
        if (RestartCount <= limit)
        {
            return true;
        }

        _windowStart = null;
        RestartCount = 0;
        return false;
    }
}
