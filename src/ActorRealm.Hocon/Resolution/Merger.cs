namespace ActorRealm.Hocon.Resolution;

/// <summary>
/// Merges two definitions of the same field exactly as HOCON merges duplicate keys: objects merge recursively,
/// any other value hides what is below it, and values whose type is only known after resolution are kept
/// as a <see cref="HoconMergeStack"/>.
/// </summary>
internal static class Merger
{
    /// <summary>Merges <paramref name="newer"/> over <paramref name="older"/>.</summary>
    /// <param name="newer">The later (higher-priority) definition.</param>
    /// <param name="older">The earlier (fallback) definition.</param>
    /// <param name="inPlace">True only while the parser owns both trees: objects are then merged without copying.</param>
    public static HoconValue Merge(HoconValue newer, HoconValue older, bool inPlace)
    {
        switch (newer)
        {
            case HoconObject { IgnoresFallbacks: true }:
                return newer;
            case HoconObject newObject:
                return older switch
                {
                    HoconObject oldObject => MergeObjects(newObject, oldObject, inPlace),
                    HoconMergeStack stack => StackOf([newObject, .. stack.Items]),
                    HoconSubstitution or HoconConcatenation => StackOf([newObject, older]),
                    _ => newObject.HidingFallbacks(inPlace),
                };
            case HoconMergeStack newStack:
                return StackOf([.. newStack.Items, .. ItemsOf(older)]);
            case HoconSubstitution or HoconConcatenation:
                return StackOf([newer, .. ItemsOf(older)]);
            default:
                return newer;
        }
    }

    /// <summary>Builds a merge stack (newest first), dropping what a plain (non-object, resolved-type) value hides.</summary>
    public static HoconValue StackOf(List<HoconValue> items)
    {
        var cut = items.FindIndex(i => i is HoconScalar or HoconArray);
        if (cut >= 0)
        {
            items.RemoveRange(cut + 1, items.Count - cut - 1);
        }

        return items.Count == 1 ? items[0] : new HoconMergeStack([.. items]);
    }

    private static HoconValue[] ItemsOf(HoconValue value) =>
        value is HoconMergeStack stack ? stack.Items : [value];

    private static HoconObject MergeObjects(HoconObject newer, HoconObject older, bool inPlace)
    {
        if (newer.Count == 0)
        {
            return older;
        }

        if (older.Count == 0 && !inPlace)
        {
            return older.IgnoresFallbacks ? newer.HidingFallbacks(inPlace: false) : newer;
        }

        // The shared empty singleton is never mutated, even by the parser.
        inPlace &= !ReferenceEquals(older, HoconObject.Empty);
        var target = inPlace ? older : new HoconObject(older.Origin, new OrderedDictionary<string, HoconValue>(older.Fields), older.IgnoresFallbacks);
        var fields = target.Fields;
        foreach (var (key, value) in newer.Fields)
        {
            var merged = fields.TryGetValue(key, out var existing) ? Merge(value, existing, inPlace) : value;
            fields[key] = merged;
            target.NoteChild(merged);
        }

        target.Touch();
        return target;
    }
}
