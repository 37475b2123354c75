using System.Text.Json;
using System.Text.Json.Serialization;
using ActorRealm.Actors;

namespace ActorRealm.Remote.Serialization;

/// <summary>Writes actor refs inside JSON messages as their full path and reads them back as refs (remote or local).</summary>
internal sealed class ActorRefJsonConverter(SerializerRegistry registry) : JsonConverter<IActorRef>
{
    public override bool CanConvert(Type typeToConvert) => typeof(IActorRef).IsAssignableFrom(typeToConvert);

    public override IActorRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : registry.RefResolver?.Invoke(reader.GetString() ?? string.Empty);

    public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Path.ToSerializationFormat());
}
