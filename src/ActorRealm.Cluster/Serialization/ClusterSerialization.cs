using ActorRealm.Remote.Serialization;

namespace ActorRealm.Cluster.Serialization;

/// <summary>
/// Registers the cluster protocol with a node's serializer registry: an explicit list of message
/// types, each under a stable manifest (<c>cluster.v1.*</c>), serializer id
/// <see cref="SerializerId"/>. Hosts call <see cref="Register"/> in
/// <c>RemoteSetup.Serialization</c>; the cluster extension registers it itself when a host did not.
/// </summary>
public static class ClusterSerialization
{
    /// <summary>The serializer id of the cluster protocol in remote envelopes.</summary>
    public const int SerializerId = ClusterSerializer.SerializerId;

    /// <summary>Adds the cluster protocol's serializer to <paramref name="registry"/> (once).</summary>
    public static SerializerRegistry Register(SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.ById(SerializerId) is null ? registry.Add(new ClusterMessageSerializer()) : registry;
    }

    /// <summary>The remote layer's view of <see cref="ClusterSerializer"/>.</summary>
    private sealed class ClusterMessageSerializer : IMessageSerializer
    {
        public int Id => SerializerId;

        public bool TryGetManifest(object message, out string manifest)
        {
            if (ClusterSerializer.Handles(message))
            {
                manifest = ClusterSerializer.Manifest(message);
                return true;
            }

            manifest = string.Empty;
            return false;
        }

        public byte[] ToBinary(object message) => ClusterSerializer.ToBinary(message);

        public object? FromBinary(ReadOnlyMemory<byte> bytes, string manifest) =>
            ClusterSerializer.IsRegistered(manifest) ? ClusterSerializer.FromBinary(manifest, bytes.Span) : null;
    }
}
