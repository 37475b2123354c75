using ActorRealm.Actors;
using ActorRealm.Actors.Deterministic;
using ActorRealm.Hocon;
using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace ActorRealm.TestKit;

/// <summary>
/// Base class of actor tests: creates an actor system per test (xunit creates one test-class
/// instance per test) and terminates it on dispose. In real-time mode expectations block with
/// deadlines scaled by <c>ACTORREALM_TEST_TIMEFACTOR</c>; in virtual-time mode (constructed with a
/// <see cref="Simulation"/>) they run the simulation instead, so a test of minutes of timers takes
/// milliseconds and is reproducible from its seed.
/// </summary>
public abstract class TestKitBase : IDisposable
{
    private static int _systemCounter;
    private readonly bool _ownsSimulation;
    private bool _disposed;

    /// <summary>Real-time mode: a fresh system on the thread pool and the system clock.</summary>
    protected TestKitBase(Config? config = null, ActorSettings? settings = null, ILoggerFactory? loggerFactory = null, TimeSpan? defaultTimeout = null)
    {
        Clock = new TestClock(defaultTimeout);
        Sys = ActorSystem.Create(NextSystemName(), config, new ActorSystemSetup
        {
            Settings = settings,
            LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        });
        TestActor = CreateTestProbe("testActor");
    }

    /// <summary>Virtual-time mode: the system runs in <paramref name="simulation"/> (created from <paramref name="seed"/> when null).</summary>
    protected TestKitBase(int seed, Simulation? simulation = null, Config? config = null, ActorSettings? settings = null, TimeSpan? defaultTimeout = null)
    {
        Simulation = simulation ?? new Simulation(seed);
        _ownsSimulation = simulation is null;
        Clock = new TestClock(Simulation, defaultTimeout);
        Sys = Simulation.CreateSystem(NextSystemName(), config, new ActorSystemSetup { Settings = settings });
        TestActor = CreateTestProbe("testActor");
    }

    /// <summary>The system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The simulation in virtual-time mode, else null.</summary>
    public Simulation? Simulation { get; }

    /// <summary>The clock expectations wait on.</summary>
    public TestClock Clock { get; }

    /// <summary>A default probe.</summary>
    public TestProbe TestActor { get; }

    /// <summary>Time left in the current <c>Within</c> block (else the default timeout).</summary>
    public TimeSpan Remaining => Clock.Remaining;

    /// <summary>Creates a probe in <see cref="Sys"/>.</summary>
    public TestProbe CreateTestProbe(string? name = null) => new(Sys, Clock, name);

    /// <summary>Creates a probe in another system (sharing this test's clock).</summary>
    public TestProbe CreateTestProbe(ActorSystem system, string? name = null) => new(system, Clock, name);

    /// <summary>Expects a message at <see cref="TestActor"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => TestActor.ExpectMsg<T>(timeout);

    /// <summary>Expects a message at <see cref="TestActor"/> matching <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => TestActor.ExpectMsg(predicate, timeout);

    /// <summary>Expects no message at <see cref="TestActor"/> for <paramref name="duration"/>.</summary>
    public void ExpectNoMsg(TimeSpan duration) => TestActor.ExpectNoMsg(duration);

    /// <summary>Waits for <paramref name="condition"/> within <paramref name="max"/> (polling in real time, running the simulation in virtual time).</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, string? message = null, TimeSpan? interval = null)
    {
        var wait = Clock.Resolve(max);
        if (!Clock.WaitFor(condition, wait, interval))
        {
            throw new XunitException($"Condition not met within {wait}: {message ?? "(no description)"}.");
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes or <paramref name="max"/> passes (then rethrows its last failure).</summary>
    public void AwaitAssert(Action assertion, TimeSpan? max = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        Exception? last = null;
        bool Passes()
        {
            try
            {
                assertion();
                return true;
            }
            catch (Exception e)
            {
                last = e;
                return false;
            }
        }

        if (!Clock.WaitFor(Passes, Clock.Resolve(max), interval))
        {
            throw last is null ? new XunitException("Assertion did not pass in time.") : new XunitException($"Assertion did not pass in time: {last.Message}");
        }
    }

    /// <summary>Waits for a task (e.g. an Ask): in virtual mode runs the simulation until it completes.</summary>
    public T Await<T>(Task<T> task, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        Await((Task)task, timeout);
        return task.Result;
    }

    /// <summary>Waits for a task; rethrows its exception.</summary>
    public void Await(Task task, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var wait = Clock.Resolve(timeout);
        var completed = Clock.Simulation is { } sim ? sim.RunUntil(() => task.IsCompleted, wait) : ((IAsyncResult)task).AsyncWaitHandle.WaitOne(wait);
        if (!completed)
        {
            throw new XunitException($"Task did not complete within {wait}.");
        }

        task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="block"/> and checks it took between <paramref name="min"/> and <paramref name="max"/>; expectations inside default to the time left.</summary>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var start = Clock.Now;
        var dilatedMax = Clock.Simulation is null ? TestTimeouts.Dilated(max) : max;
        Clock.PushWithin(start + dilatedMax);
        T result;
        try
        {
            result = block();
        }
        finally
        {
            Clock.PopWithin();
        }

        var took = Clock.Now - start;
        if (took < min)
        {
            throw new XunitException($"Block took {took}, less than the minimum {min}.");
        }

        if (took > dilatedMax)
        {
            throw new XunitException($"Block took {took}, more than the maximum {dilatedMax}.");
        }

        return result;
    }

    /// <summary>Runs <paramref name="block"/> within <paramref name="max"/>.</summary>
    public void Within(TimeSpan max, Action block)
    {
        ArgumentNullException.ThrowIfNull(block);
        Within(TimeSpan.Zero, max, () =>
        {
            block();
            return true;
        });
    }

    /// <summary>Runs <paramref name="block"/> and checks it took between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public void Within(TimeSpan min, TimeSpan max, Action block)
    {
        ArgumentNullException.ThrowIfNull(block);
        Within(min, max, () =>
        {
            block();
            return true;
        });
    }

    /// <summary>Terminates the system (and the simulation this kit created).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Terminates the system; override to release more.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        if (Simulation is { } sim)
        {
            if (_ownsSimulation)
            {
                sim.Dispose();
            }
            else
            {
                var terminated = Sys.Terminate();
                sim.RunUntil(() => terminated.IsCompleted, TimeSpan.FromMinutes(5));
            }

            return;
        }

        if (!Sys.Terminate().Wait(TestTimeouts.Dilated(TimeSpan.FromSeconds(30))))
        {
            throw new XunitException($"Actor system {Sys.Name} did not terminate within 30 s.");
        }
    }

    private static string NextSystemName() => $"test-{Interlocked.Increment(ref _systemCounter)}";
}

/// <summary>
/// An actor system shared by the tests of one class (<c>IClassFixture&lt;ActorSystemFixture&gt;</c>), terminated after
/// them. Probes made here wait in real time with the default (dilated) timeout; give each test its own probes and
/// actor names, since the tests of the class share the system.
/// </summary>
public sealed class ActorSystemFixture : IDisposable
{
    private static int _fixtureCounter;

    /// <summary>Creates the system.</summary>
    public ActorSystemFixture() => System = ActorSystem.Create($"fixture-{Interlocked.Increment(ref _fixtureCounter)}");

    /// <summary>The shared system.</summary>
    public ActorSystem System { get; }

    /// <summary>The clock the fixture's probes wait on.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Creates a probe in the shared system.</summary>
    public TestProbe CreateTestProbe(string? name = null) => new(System, Clock, name);

    /// <summary>Terminates the system; fails when it does not terminate within 30 s (dilated).</summary>
    public void Dispose()
    {
        if (!System.Terminate().Wait(TestTimeouts.Dilated(TimeSpan.FromSeconds(30))))
        {
            throw new XunitException($"Actor system {System.Name} did not terminate within 30 s.");
        }
    }
}
