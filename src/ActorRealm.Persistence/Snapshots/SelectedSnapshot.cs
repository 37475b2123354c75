namespace ActorRealm.Persistence.Snapshots;

/// <summary>A stored snapshot: its metadata and opaque payload with the manifest the caller's serializer needs.</summary>
/// <param name="Metadata">Which state the snapshot holds.</param>
/// <param name="Payload">The serialized state, exactly as saved.</param>
/// <param name="Manifest">The manifest given when saving.</param>
public sealed record SelectedSnapshot(SnapshotMetadata Metadata, byte[] Payload, string Manifest);
