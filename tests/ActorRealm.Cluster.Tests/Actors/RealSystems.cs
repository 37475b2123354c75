using Akka.Actor;
using Akka.TestKit;
using Xunit.Abstractions;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>
/// Tests that run real realm actor systems with real timing: one at a time, and after the pure tests,
/// so that they do not starve each other's failure detectors on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealSystems
{
    public const string Name = "real realm actor systems";
}

/// <summary>The TestKit of the tests on real realm systems (its own system only hosts the probes).</summary>
public abstract class RealSystemsTestKit(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit((ActorSystem?)null, output)
{
    /// <summary>How long a test waits for anything the realm does.</summary>
    protected static TimeSpan Deadline { get; } = TimeSpan.FromSeconds(30);

    /// <summary>A probe that receives the <typeparamref name="T"/> events every one of <paramref name="systems"/> publishes.</summary>
    protected TestProbe EventsOf<T>(params IEnumerable<ActorSystem> systems)
    {
        var probe = CreateTestProbe();
        foreach (var system in systems)
        {
            system.EventStream.Subscribe(probe.Ref, typeof(T));
        }

        return probe;
    }
}
