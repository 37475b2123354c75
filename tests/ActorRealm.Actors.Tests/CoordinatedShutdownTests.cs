using System.Collections.Concurrent;
using ActorRealm.Actors.Deterministic;

namespace ActorRealm.Actors.Tests;

/// <summary>Coordinated shutdown, in virtual time so phase timeouts cost nothing.</summary>
public sealed class CoordinatedShutdownTests
{
    [Fact]
    public void Phases_run_in_order_and_the_system_terminates_last()
    {
        using var sim = new Simulation(3);
        var system = sim.CreateSystem("cs");
        var log = new ConcurrentQueue<string>();
        var shutdown = system.CoordinatedShutdown;
        foreach (var phase in CoordinatedShutdown.OrderedPhases.Reverse())
        {
            shutdown.AddTask(phase, $"task-{phase}", async ct =>
            {
                log.Enqueue($"start {phase}");
                await Task.Delay(TimeSpan.FromMilliseconds(10), system.TimeProvider, ct);
                log.Enqueue($"end {phase} terminated={system.WhenTerminated.IsCompleted}");
            });
        }

        var done = shutdown.Run(CoordinatedShutdownReason.ProcessExit);
        Assert.True(sim.RunUntil(() => done.IsCompleted && system.WhenTerminated.IsCompleted, TimeSpan.FromMinutes(1)));
        var expected = CoordinatedShutdown.OrderedPhases.SelectMany(p => new[] { $"start {p}", $"end {p} terminated={p == CoordinatedShutdown.PhaseActorSystemTerminate}" });
        Assert.Equal(expected.Where(e => !e.StartsWith("end actor-system-terminate", StringComparison.Ordinal)), log.Where(e => !e.StartsWith("end actor-system-terminate", StringComparison.Ordinal)));
        Assert.Equal(CoordinatedShutdownReason.ProcessExit, shutdown.Reason);
    }

    [Fact]
    public void A_phase_that_times_out_is_abandoned_and_the_next_one_runs()
    {
        var settings = ActorSettings.Default with
        {
            ShutdownPhaseTimeouts = new Dictionary<string, TimeSpan> { [CoordinatedShutdown.PhaseServiceUnbind] = TimeSpan.FromSeconds(2) },
        };
        using var sim = new Simulation(4);
        var system = sim.CreateSystem("cs", setup: new ActorSystemSetup { Settings = settings });
        var cancelled = false;
        var nextRanAt = TimeSpan.Zero;
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "hangs", async ct =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, system.TimeProvider, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        });
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "next", _ =>
        {
            nextRanAt = sim.Time.Elapsed;
            return Task.CompletedTask;
        });
        Assert.Equal(TimeSpan.FromSeconds(2), system.CoordinatedShutdown.Timeout(CoordinatedShutdown.PhaseServiceUnbind));

        var terminated = system.Terminate();
        Assert.True(sim.RunUntil(() => terminated.IsCompleted, TimeSpan.FromMinutes(1)));
        Assert.True(cancelled);
        Assert.Equal(TimeSpan.FromSeconds(2), nextRanAt);
    }

    [Fact]
    public void A_failing_task_does_not_stop_the_shutdown()
    {
        using var sim = new Simulation(5);
        var system = sim.CreateSystem("cs");
        var ran = false;
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "fails", _ => throw new InvalidOperationException("bad"));
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "fine", _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        var terminated = system.Terminate();
        Assert.True(sim.RunUntil(() => terminated.IsCompleted, TimeSpan.FromMinutes(1)));
        Assert.True(ran);
    }

    [Fact]
    public void It_runs_once_and_later_calls_get_the_same_task()
    {
        using var sim = new Simulation(6);
        var system = sim.CreateSystem("cs");
        var runs = 0;
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "count", _ =>
        {
            runs++;
            return Task.CompletedTask;
        });
        var first = system.CoordinatedShutdown.Run(CoordinatedShutdownReason.ClusterLeaving);
        var second = system.CoordinatedShutdown.Run(CoordinatedShutdownReason.Unknown);
        Assert.Same(first, second);
        var third = system.Terminate();
        Assert.True(sim.RunUntil(() => first.IsCompleted && third.IsCompleted, TimeSpan.FromMinutes(1)));
        Assert.Equal(1, runs);
        Assert.Equal(CoordinatedShutdownReason.ClusterLeaving, system.CoordinatedShutdown.Reason);
    }

    [Fact]
    public void Unknown_phases_and_tasks_for_phases_already_run_are_errors()
    {
        using var sim = new Simulation(7);
        var system = sim.CreateSystem("cs");
        var unknown = Assert.Throws<ArgumentException>(() => system.CoordinatedShutdown.AddTask("no-such-phase", "x", _ => Task.CompletedTask));
        Assert.Contains("before-service-unbind", unknown.Message, StringComparison.Ordinal);
        var terminated = system.Terminate();
        Assert.True(sim.RunUntil(() => terminated.IsCompleted, TimeSpan.FromMinutes(1)));
        Assert.Throws<InvalidOperationException>(() => system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "late", _ => Task.CompletedTask));
    }

    [Fact]
    public void Termination_stops_user_actors_before_system_actors()
    {
        using var sim = new Simulation(8);
        var system = sim.CreateSystem("cs");
        var order = new List<string>();
        system.ActorOf(Props.Create(() => new Recorder(order, "user")));
        system.SystemActorOf(Props.Create(() => new Recorder(order, "system")), "service");
        sim.RunUntilIdle();
        var terminated = system.Terminate();
        Assert.True(sim.RunUntil(() => terminated.IsCompleted, TimeSpan.FromMinutes(1)));
        Assert.Equal(["user", "system"], order);
    }

    [Fact]
    public async Task A_real_time_system_terminates_through_coordinated_shutdown()
    {
        var system = ActorSystem.Create("cs-real");
        var ran = new TaskCompletionSource();
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "mark", _ =>
        {
            ran.TrySetResult();
            return Task.CompletedTask;
        });
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ran.Task.IsCompleted);
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    private sealed class Recorder(List<string> order, string name) : ReceiveActor
    {
        protected override void PostStop() => order.Add(name);
    }
}
