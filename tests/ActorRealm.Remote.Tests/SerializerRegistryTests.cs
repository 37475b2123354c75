using ActorRealm.Actors;
using ActorRealm.Remote.Serialization;
using ActorRealm.Remote.Wire;
using Google.Protobuf;

namespace ActorRealm.Remote.Tests;

public sealed class SerializerRegistryTests
{
    [Fact]
    public void Protobuf_messages_registered_by_descriptor_round_trip_by_full_name()
    {
        var registry = new SerializerRegistry().AddProtobuf(RemoteReflection.Descriptor);
        var message = new Heartbeat { Sequence = 7 };

        Assert.True(registry.TryFind(message, out var serializer, out var manifest));
        Assert.Equal(2, serializer.Id);
        Assert.Equal("actorrealm.remote.v1.Heartbeat", manifest);
        Assert.Equal(message, registry.ById(2)!.FromBinary(serializer.ToBinary(message), manifest));
    }

    [Fact]
    public void Unregistered_protobuf_and_json_types_are_not_found()
    {
        var registry = new SerializerRegistry();
        Assert.False(registry.TryFind(new Heartbeat(), out _, out _));
        Assert.False(registry.TryFind(new Sample("x", 1), out _, out _));
        Assert.Null(registry.ById(2)!.FromBinary(new Heartbeat().ToByteArray(), "actorrealm.remote.v1.Heartbeat"));
    }

    [Fact]
    public void Json_records_round_trip_under_their_manifest()
    {
        var registry = new SerializerRegistry().AddJson<Sample>("sample.v1");
        var message = new Sample("text", 42);

        Assert.True(registry.TryFind(message, out var serializer, out var manifest));
        Assert.Equal((3, "sample.v1"), (serializer.Id, manifest));
        Assert.Equal(message, registry.ById(3)!.FromBinary(serializer.ToBinary(message), manifest));
    }

    [Theory]
    [InlineData("System.Diagnostics.Process")]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process, Version=10.0.0.0")]
    [InlineData("ActorRealm.Remote.Tests.Tripwire, ActorRealm.Remote.Tests")]
    [InlineData("sample.v2")]
    public void Json_never_resolves_a_type_the_manifest_names(string manifest)
    {
        var registry = new SerializerRegistry().AddJson<Sample>("sample.v1");
        var created = Tripwire.Created;
        Assert.Null(registry.ById(3)!.FromBinary("{}"u8.ToArray(), manifest));
        Assert.Equal(created, Tripwire.Created);
    }

    [Fact]
    public void A_manifest_or_type_registered_twice_differently_is_refused()
    {
        var registry = new SerializerRegistry().AddJson<Sample>("sample.v1");
        Assert.Throws<ArgumentException>(() => registry.AddJson<Other>("sample.v1"));
        Assert.Throws<ArgumentException>(() => registry.AddJson<Sample>("sample.v2"));
        Assert.Throws<ArgumentException>(() => registry.Add(new CustomSerializer(3)));
    }

    [Fact]
    public void Built_in_messages_round_trip()
    {
        var registry = new SerializerRegistry();
        foreach (var message in new object[] { "text", new byte[] { 1, 2 }, PoisonPill.Instance, Kill.Instance, new Identify("id"), new Identify(5L), new Identify(null) })
        {
            Assert.True(registry.TryFind(message, out var serializer, out var manifest));
            Assert.Equal(1, serializer.Id);
            Assert.Equivalent(message, serializer.FromBinary(serializer.ToBinary(message), manifest));
        }

        Assert.False(registry.TryFind(new Identify(new object()), out _, out _));
    }

    private sealed record Sample(string Text, int Number);

    private sealed record Other(string Text);

    private sealed class CustomSerializer(int id) : IMessageSerializer
    {
        public int Id => id;

        public bool TryGetManifest(object message, out string manifest)
        {
            manifest = string.Empty;
            return false;
        }

        public byte[] ToBinary(object message) => [];

        public object? FromBinary(ReadOnlyMemory<byte> bytes, string manifest) => null;
    }
}
