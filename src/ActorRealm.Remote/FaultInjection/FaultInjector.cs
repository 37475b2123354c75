using ActorRealm.Actors;
using ActorRealm.Remote.Transport;

namespace ActorRealm.Remote.FaultInjection;

/// <summary>Which traffic of a link a fault applies to, seen from the first node named.</summary>
public enum Direction
{
    /// <summary>From the first node to the second.</summary>
    Send,

    /// <summary>From the second node to the first.</summary>
    Receive,

    /// <summary>Both ways.</summary>
    Both,
}

/// <summary>The faults on one direction of a link.</summary>
/// <param name="Blackhole">Every frame is lost.</param>
/// <param name="Delay">Added one-way latency.</param>
/// <param name="DropRate">Probability (0-1) that a frame is lost, drawn from the injector's seeded generator.</param>
/// <param name="BytesPerSecond">Bandwidth cap; 0 means unlimited.</param>
public sealed record LinkFaults(bool Blackhole = false, TimeSpan Delay = default, double DropRate = 0, long BytesPerSecond = 0)
{
    /// <summary>No faults.</summary>
    public static LinkFaults None { get; } = new();

    /// <summary>True when this record changes nothing.</summary>
    public bool IsNone => this == None;
}

/// <summary>
/// Network faults switchable at runtime, per link between two nodes (like Akka's TestConductor and
/// failure-injector transport): blackhole one way or both, delay, seeded drop rate, throttle. Wrap each
/// node's transport with <see cref="Wrap"/> and share one injector between the nodes of a test. Faults
/// apply to frames as they enter a link; frames already delayed keep their schedule when faults change.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly Random _random;
    private Dictionary<(NodeEndpoint From, NodeEndpoint To), LinkFaults> _faults = [];

    /// <summary>Creates an injector.</summary>
    /// <param name="seed">Seeds drop decisions, so a run is reproducible.</param>
    /// <param name="time">The clock for delays and throttling (virtual time in simulations).</param>
    /// <param name="executor">Runs delayed deliveries; inline on the timer's thread by default, the deterministic executor in simulations.</param>
    public FaultInjector(int seed = 0, TimeProvider? time = null, Action<Action>? executor = null)
    {
        _random = new Random(seed);
        Time = time ?? TimeProvider.System;
        Executor = executor ?? (static action => action());
    }

    /// <summary>The clock for delays and throttling.</summary>
    public TimeProvider Time { get; }

    internal Action<Action> Executor { get; }

    /// <summary>Wraps the transport of the node at <paramref name="local"/> so its links obey this injector.</summary>
    public ITransport Wrap(ITransport inner, NodeEndpoint local) => new FaultInjectingTransport(inner, this, local);

    /// <summary>Loses every frame between <paramref name="a"/> and <paramref name="b"/> in <paramref name="direction"/>.</summary>
    public void Blackhole(NodeEndpoint a, NodeEndpoint b, Direction direction = Direction.Both) =>
        Update(a, b, direction, f => f with { Blackhole = true });

    /// <summary>Adds <paramref name="delay"/> of latency between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public void Delay(NodeEndpoint a, NodeEndpoint b, TimeSpan delay, Direction direction = Direction.Both) =>
        Update(a, b, direction, f => f with { Delay = delay });

    /// <summary>Loses each frame with probability <paramref name="rate"/>.</summary>
    public void DropRate(NodeEndpoint a, NodeEndpoint b, double rate, Direction direction = Direction.Both)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        Update(a, b, direction, f => f with { DropRate = rate });
    }

    /// <summary>Caps the link's bandwidth at <paramref name="bytesPerSecond"/>.</summary>
    public void Throttle(NodeEndpoint a, NodeEndpoint b, long bytesPerSecond, Direction direction = Direction.Both)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        Update(a, b, direction, f => f with { BytesPerSecond = bytesPerSecond });
    }

    /// <summary>Removes every fault between <paramref name="a"/> and <paramref name="b"/>, both ways.</summary>
    public void Heal(NodeEndpoint a, NodeEndpoint b) => Update(a, b, Direction.Both, _ => LinkFaults.None);

    /// <summary>Loses every frame between the nodes at <paramref name="a"/> and <paramref name="b"/> in <paramref name="direction"/>.</summary>
    public void Blackhole(Address a, Address b, Direction direction = Direction.Both) => Blackhole(a.ToEndpoint(), b.ToEndpoint(), direction);

    /// <summary>Adds <paramref name="delay"/> of latency between the nodes at <paramref name="a"/> and <paramref name="b"/>.</summary>
    public void Delay(Address a, Address b, TimeSpan delay, Direction direction = Direction.Both) => Delay(a.ToEndpoint(), b.ToEndpoint(), delay, direction);

    /// <summary>Loses each frame between the nodes with probability <paramref name="rate"/>.</summary>
    public void DropRate(Address a, Address b, double rate, Direction direction = Direction.Both) => DropRate(a.ToEndpoint(), b.ToEndpoint(), rate, direction);

    /// <summary>Caps the bandwidth between the nodes at <paramref name="bytesPerSecond"/>.</summary>
    public void Throttle(Address a, Address b, long bytesPerSecond, Direction direction = Direction.Both) => Throttle(a.ToEndpoint(), b.ToEndpoint(), bytesPerSecond, direction);

    /// <summary>Removes every fault between the nodes at <paramref name="a"/> and <paramref name="b"/>, both ways.</summary>
    public void Heal(Address a, Address b) => Heal(a.ToEndpoint(), b.ToEndpoint());

    /// <summary>Removes every fault on every link.</summary>
    public void HealAll()
    {
        lock (_lock)
        {
            _faults = [];
        }
    }

    /// <summary>The faults currently on the link from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public LinkFaults FaultsOn(NodeEndpoint from, NodeEndpoint to) =>
        Volatile.Read(ref _faults).TryGetValue((from, to), out var faults) ? faults : LinkFaults.None;

    /// <summary>Decides whether a frame entering the link is lost.</summary>
    internal bool Loses(LinkFaults faults)
    {
        if (faults.Blackhole)
        {
            return true;
        }

        if (faults.DropRate <= 0)
        {
            return false;
        }

        lock (_lock)
        {
            return _random.NextDouble() < faults.DropRate;
        }
    }

    private void Update(NodeEndpoint a, NodeEndpoint b, Direction direction, Func<LinkFaults, LinkFaults> change)
    {
        lock (_lock)
        {
            var next = new Dictionary<(NodeEndpoint, NodeEndpoint), LinkFaults>(_faults);
            if (direction is Direction.Send or Direction.Both)
            {
                Apply(next, (a, b), change);
            }

            if (direction is Direction.Receive or Direction.Both)
            {
                Apply(next, (b, a), change);
            }

            Volatile.Write(ref _faults, next);
        }
    }

    private static void Apply(Dictionary<(NodeEndpoint, NodeEndpoint), LinkFaults> faults, (NodeEndpoint, NodeEndpoint) link, Func<LinkFaults, LinkFaults> change)
    {
        var updated = change(faults.TryGetValue(link, out var current) ? current : LinkFaults.None);
        if (updated.IsNone)
        {
            faults.Remove(link);
        }
        else
        {
            faults[link] = updated;
        }
    }
}
