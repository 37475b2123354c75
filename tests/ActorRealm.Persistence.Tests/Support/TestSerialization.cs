using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>An event of the tests.</summary>
public sealed record TestEvent(string Text);

/// <summary>A snapshot of the tests: the texts seen so far.</summary>
public sealed record TestState(string Texts);

/// <summary>An event the failure-injection trigger refuses (its manifest is <see cref="TestSerializer.PoisonManifest"/>).</summary>
public sealed record PoisonEvent(string Text);

/// <summary>A type with no serializer binding: the store must refuse it rather than fall back to JSON.</summary>
public sealed record UnboundEvent(string Text);

/// <summary>The tests' own serializer: UTF-8 text under stable string manifests, never a CLR type name.</summary>
public sealed class TestSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4710;
    public const string EventManifest = "test-event.v1";
    public const string StateManifest = "test-state.v1";
    public const string PoisonManifest = "poison.v1";

    public override int Identifier => Id;

    /// <summary>Binds the test types to this serializer.</summary>
    public static SerializationSetup Setup() => SerializationSetup.Create(system =>
        [SerializerDetails.Create("actorrealm-test", new TestSerializer(system), [typeof(TestEvent), typeof(TestState), typeof(PoisonEvent)])]);

    public override string Manifest(object o) => o switch
    {
        TestEvent => EventManifest,
        TestState => StateManifest,
        PoisonEvent => PoisonManifest,
        _ => throw new SerializationException($"Not a test type: {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj) => Encoding.UTF8.GetBytes(obj switch
    {
        TestEvent e => e.Text,
        TestState s => s.Texts,
        PoisonEvent p => p.Text,
        _ => throw new SerializationException($"Not a test type: {obj.GetType()}"),
    });

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        EventManifest => new TestEvent(Encoding.UTF8.GetString(bytes)),
        StateManifest => new TestState(Encoding.UTF8.GetString(bytes)),
        PoisonManifest => new PoisonEvent(Encoding.UTF8.GetString(bytes)),
        _ => throw new SerializationException($"Unknown manifest '{manifest}'."),
    };
}
