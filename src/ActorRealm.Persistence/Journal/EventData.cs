namespace ActorRealm.Persistence.Journal;

/// <summary>
/// One event to append: opaque payload bytes, the manifest the caller's serializer needs to read them back,
/// and optional tags for <see cref="IEventJournal.ReadByTagAsync"/>. The journal never interprets any of these.
/// </summary>
/// <param name="Payload">The serialized event. The journal stores these bytes as they are; do not mutate the array after appending.</param>
/// <param name="Manifest">Identifies the payload's format for the caller's serializer (for example a registered type name).</param>
/// <param name="Tags">Tags to index the event under; empty for none.</param>
public sealed record EventData(byte[] Payload, string Manifest, IReadOnlyList<string> Tags)
{
    /// <summary>Creates an untagged event.</summary>
    public EventData(byte[] payload, string manifest)
        : this(payload, manifest, [])
    {
    }
}
