using ActorRealm.Actors.Logging;

namespace ActorRealm.Actors;

/// <summary>Why a coordinated shutdown was started.</summary>
/// <param name="Name">A short description.</param>
public sealed record CoordinatedShutdownReason(string Name)
{
    /// <summary>No reason given.</summary>
    public static CoordinatedShutdownReason Unknown { get; } = new("unknown");

    /// <summary><see cref="ActorSystem.Terminate"/> was called.</summary>
    public static CoordinatedShutdownReason ActorSystemTerminate { get; } = new("actor system terminate");

    /// <summary>The process is exiting (e.g. SIGTERM).</summary>
    public static CoordinatedShutdownReason ProcessExit { get; } = new("process exit");

    /// <summary>The node is leaving its cluster.</summary>
    public static CoordinatedShutdownReason ClusterLeaving { get; } = new("cluster leaving");

    /// <summary>The node was downed by its cluster.</summary>
    public static CoordinatedShutdownReason ClusterDowning { get; } = new("cluster downing");
}

/// <summary>
/// Stops a node in named phases, in order, each with a timeout: tasks of one phase run
/// concurrently; a phase that times out is logged and the next one starts. The last phase stops
/// every actor and terminates the system. It runs once, whoever starts it (SIGTERM, cluster leave,
/// <see cref="ActorSystem.Terminate"/>); later calls return the same task.
/// </summary>
public sealed class CoordinatedShutdown
{
    /// <summary>Before the node stops accepting new work (e.g. flip a readiness probe).</summary>
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";

    /// <summary>Stop accepting new connections/requests.</summary>
    public const string PhaseServiceUnbind = "service-unbind";

    /// <summary>Wait for in-flight requests to finish.</summary>
    public const string PhaseServiceRequestsDone = "service-requests-done";

    /// <summary>Stop services.</summary>
    public const string PhaseServiceStop = "service-stop";

    /// <summary>Before leaving the cluster.</summary>
    public const string PhaseBeforeClusterShutdown = "before-cluster-shutdown";

    /// <summary>Leave the cluster gracefully.</summary>
    public const string PhaseClusterLeave = "cluster-leave";

    /// <summary>Wait for the cluster to see this node exiting.</summary>
    public const string PhaseClusterExiting = "cluster-exiting";

    /// <summary>Stop cluster machinery.</summary>
    public const string PhaseClusterShutdown = "cluster-shutdown";

    /// <summary>Last application work before the actors stop.</summary>
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";

    /// <summary>Stop every actor and terminate the system (the runtime's own task).</summary>
    public const string PhaseActorSystemTerminate = "actor-system-terminate";

    private readonly ActorSystem _system;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(string Name, Func<CancellationToken, Task> Task)>> _tasks = [];
    private readonly HashSet<string> _donePhases = [];
    private Task? _run;

    internal CoordinatedShutdown(ActorSystem system) => _system = system;

    /// <summary>The phases, in the order they run.</summary>
    public static IReadOnlyList<string> OrderedPhases { get; } =
    [
        PhaseBeforeServiceUnbind,
        PhaseServiceUnbind,
        PhaseServiceRequestsDone,
        PhaseServiceStop,
        PhaseBeforeClusterShutdown,
        PhaseClusterLeave,
        PhaseClusterExiting,
        PhaseClusterShutdown,
        PhaseBeforeActorSystemTerminate,
        PhaseActorSystemTerminate,
    ];

    /// <summary>The reason of the run, once started.</summary>
    public CoordinatedShutdownReason? Reason { get; private set; }

    /// <summary>The timeout of a phase (<c>coordinated-shutdown.phases.&lt;phase&gt;.timeout</c>).</summary>
    public TimeSpan Timeout(string phase)
    {
        ValidatePhase(phase);
        return _system.Settings.GetPhaseTimeout(phase);
    }

    /// <summary>The sum of all phase timeouts.</summary>
    public TimeSpan TotalTimeout => OrderedPhases.Aggregate(TimeSpan.Zero, (sum, phase) => sum + Timeout(phase));

    /// <summary>
    /// Adds a task to a phase. The token is cancelled when the phase times out. A failing task is
    /// logged and does not stop the shutdown.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown phase.</exception>
    /// <exception cref="InvalidOperationException">The phase has already run.</exception>
    public void AddTask(string phase, string taskName, Func<CancellationToken, Task> task)
    {
        ValidatePhase(phase);
        ArgumentException.ThrowIfNullOrEmpty(taskName);
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (_donePhases.Contains(phase))
            {
                throw new InvalidOperationException($"Coordinated shutdown phase [{phase}] has already run; task [{taskName}] cannot be added.");
            }

            if (!_tasks.TryGetValue(phase, out var list))
            {
                _tasks[phase] = list = [];
            }

            list.Add((taskName, task));
        }
    }

    /// <summary>Runs the shutdown (once); the task completes after the last phase.</summary>
    public Task Run(CoordinatedShutdownReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        TaskCompletionSource completion;
        lock (_gate)
        {
            if (_run is not null)
            {
                return _run;
            }

            Reason = reason;
            completion = new TaskCompletionSource(_system.Executor.IsDeterministic ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
            _run = completion.Task;
        }

        RuntimeLog.ShutdownStarted(_system.Log, _system.Name, reason.Name);

        // Run on the system's executor so that, in deterministic mode, every await resumes there.
        _system.Executor.Post(() => _ = RunPhases(completion));
        return completion.Task;
    }

    private async Task RunPhases(TaskCompletionSource completion)
    {
        foreach (var phase in OrderedPhases)
        {
            List<(string Name, Func<CancellationToken, Task> Task)> tasks;
            lock (_gate)
            {
                _donePhases.Add(phase);
                tasks = _tasks.TryGetValue(phase, out var list) ? [.. list] : [];
            }

            if (phase == PhaseActorSystemTerminate)
            {
                tasks.Add(("terminate-actor-system", _ => _system.FinalTerminate()));
            }

            if (tasks.Count > 0)
            {
                await RunPhase(phase, tasks).ConfigureAwait(true);
            }
        }

        completion.TrySetResult();
    }

    private async Task RunPhase(string phase, List<(string Name, Func<CancellationToken, Task> Task)> tasks)
    {
        var timeout = Timeout(phase);
        using var cancellation = new CancellationTokenSource();
        var all = Task.WhenAll(tasks.Select(t => Guard(phase, t.Name, t.Task, cancellation.Token)));
        var deadline = Task.Delay(timeout, _system.TimeProvider, cancellation.Token);
        var first = await Task.WhenAny(all, deadline).ConfigureAwait(true);
        cancellation.Cancel();
        if (first == all)
        {
            RuntimeLog.ShutdownPhaseDone(_system.Log, phase);
            return;
        }

        RuntimeLog.ShutdownPhaseTimedOut(_system.Log, phase, timeout);
        if (phase == PhaseActorSystemTerminate)
        {
            RuntimeLog.TerminationForced(_system.Log, _system.Name, timeout);
            _system.ForceTerminated();
        }
    }

    private async Task Guard(string phase, string name, Func<CancellationToken, Task> task, CancellationToken token)
    {
        try
        {
            await task(token).ConfigureAwait(true);
        }
        catch (Exception e)
        {
            RuntimeLog.ShutdownTaskFailed(_system.Log, e, phase, name);
        }
    }

    private static void ValidatePhase(string phase)
    {
        if (!OrderedPhases.Contains(phase))
        {
            throw new ArgumentException($"Unknown coordinated shutdown phase [{phase}]; the phases are: {string.Join(", ", OrderedPhases)}.", nameof(phase));
        }
    }
}
