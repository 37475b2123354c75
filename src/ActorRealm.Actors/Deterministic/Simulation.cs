using ActorRealm.Hocon;

namespace ActorRealm.Actors.Deterministic;

/// <summary>One delivery seen by <see cref="Simulation.Trace"/>.</summary>
/// <param name="Time">Virtual time elapsed since the simulation start.</param>
/// <param name="Recipient">The recipient's path and uid.</param>
/// <param name="Message">The message's text form.</param>
/// <param name="Sender">The sender's path and uid, or null.</param>
public sealed record DeliveryRecord(TimeSpan Time, string Recipient, string Message, string? Sender);

/// <summary>
/// Runs several actor systems in one thread on a virtual clock with a seeded interleaving: the same
/// seed and the same test give the same deliveries in the same order. Time moves only when the
/// simulation is idle and something is scheduled (<see cref="RunFor"/>, <see cref="RunUntil"/>).
/// </summary>
/// <example>
/// <code>
/// using var sim = new Simulation(seed: 42);
/// var system = sim.CreateSystem("node1");
/// var actor = system.ActorOf(Props.Create&lt;Counter&gt;());
/// actor.Tell(new Increment());
/// sim.RunUntilIdle();
/// </code>
/// </example>
public sealed class Simulation : IDisposable
{
    private readonly List<ActorSystem> _systems = [];
    private readonly Random _seeds;

    /// <summary>Creates a simulation.</summary>
    /// <param name="seed">Seeds the interleaving, batch sizes and every system's random source.</param>
    /// <param name="maxBatch">The largest number of user messages one mailbox turn may process (0: the dispatcher's throughput).</param>
    /// <param name="start">The virtual start time (default 2000-01-01 UTC).</param>
    public Simulation(int seed, int maxBatch = 5, DateTimeOffset? start = null)
    {
        Seed = seed;
        _seeds = new Random(seed);
        Time = new VirtualTimeProvider(start);
        Executor = new DeterministicExecutor(_seeds.Next(), maxBatch);
        Random = new Random(_seeds.Next());
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The virtual clock shared by all systems.</summary>
    public VirtualTimeProvider Time { get; }

    /// <summary>The executor shared by all systems.</summary>
    public DeterministicExecutor Executor { get; }

    /// <summary>A seeded random source for the test's own choices (message storms, faults).</summary>
    public Random Random { get; }

    /// <summary>The systems created so far.</summary>
    public IReadOnlyList<ActorSystem> Systems => _systems;

    /// <summary>Called for every delivery to an actor in any of the systems (null: no tracing).</summary>
    public Action<DeliveryRecord>? Trace { get; set; }

    /// <summary>Starts collecting every delivery into the returned list.</summary>
    public IReadOnlyList<DeliveryRecord> RecordTrace()
    {
        var records = new List<DeliveryRecord>();
        var previous = Trace;
        Trace = record =>
        {
            previous?.Invoke(record);
            records.Add(record);
        };
        return records;
    }

    /// <summary>
    /// Creates an actor system on the simulation's clock and executor, with a seed of its own;
    /// <paramref name="setup"/> may add logging, settings or a provider (its clock, executor, seed
    /// and delivery observer are replaced).
    /// </summary>
    public ActorSystem CreateSystem(string name, Config? config = null, ActorSystemSetup? setup = null)
    {
        var system = ActorSystem.Create(name, config, Prepare(setup ?? new ActorSystemSetup()));
        _systems.Add(system);
        return system;
    }

    /// <summary>Fills a setup with the simulation's clock, executor, a derived seed and the trace hook.</summary>
    public ActorSystemSetup Prepare(ActorSystemSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return setup with
        {
            TimeProvider = Time,
            Executor = Executor,
            RandomSeed = _seeds.Next(),
            DeliveryObserver = Observe,
        };
    }

    /// <summary>Runs until nothing is runnable, without moving time; returns the steps taken.</summary>
    public long RunUntilIdle(long maxSteps = 10_000_000) => Executor.RunUntilIdle(maxSteps);

    /// <summary>The most steps <see cref="RunFor"/> and <see cref="RunUntil"/> take before reporting a livelock.</summary>
    public long MaxSteps { get; set; } = 10_000_000;

    /// <summary>Runs for <paramref name="duration"/> of virtual time: work first, then time jumps to the next due timer.</summary>
    /// <exception cref="InvalidOperationException">Work never became idle (more than <see cref="MaxSteps"/> steps): time cannot move.</exception>
    public void RunFor(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var end = Time.Elapsed + duration;
        RunUntilCore(static () => false, end);
        Time.AdvanceTo(end);
    }

    /// <summary>
    /// Runs until <paramref name="condition"/> holds or <paramref name="virtualDeadline"/> of virtual
    /// time has passed; returns whether the condition holds. Time stops at the moment it held.
    /// </summary>
    /// <exception cref="InvalidOperationException">Work never became idle (more than <see cref="MaxSteps"/> steps).</exception>
    public bool RunUntil(Func<bool> condition, TimeSpan virtualDeadline)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var end = Time.Elapsed + virtualDeadline;
        if (RunUntilCore(condition, end))
        {
            return true;
        }

        Time.AdvanceTo(end);
        RunUntilCore(condition, end);
        return condition();
    }

    private bool RunUntilCore(Func<bool> condition, TimeSpan end)
    {
        long steps = 0;
        while (true)
        {
            if (condition())
            {
                return true;
            }

            if (Executor.RunNext())
            {
                if (++steps > MaxSteps)
                {
                    throw new InvalidOperationException(
                        $"The simulation did not become idle within {MaxSteps} steps at {Time.Elapsed}: a message loop keeps it busy, so virtual time cannot move.");
                }

                continue;
            }

            if (Time.NextDue is { } due && due <= end)
            {
                Time.AdvanceTo(due);
                continue;
            }

            return false;
        }
    }

    private void Observe(IActorRef recipient, object message, IActorRef? sender)
    {
        if (Trace is { } trace)
        {
            trace(new DeliveryRecord(Time.Elapsed, recipient.Path.ToSerializationFormat(), message.ToString() ?? message.GetType().Name, sender?.Path.ToSerializationFormat()));
        }
    }

    /// <summary>Terminates every system, running the simulation (up to an hour of virtual time) until they have.</summary>
    public void Dispose()
    {
        var terminations = _systems.Select(s => s.Terminate()).ToArray();
        RunUntil(() => terminations.All(t => t.IsCompleted), TimeSpan.FromHours(1));
    }
}
