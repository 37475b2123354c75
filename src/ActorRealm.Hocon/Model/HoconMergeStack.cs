namespace ActorRealm.Hocon;

/// <summary>
/// Definitions of one field that can only be merged after resolution, newest first: at least one item is a
/// substitution or concatenation, whose type (object or not) decides whether the items below it are merged or hidden.
/// Items below the current one are also what a self-reference (<c>a = ${a} x</c>) sees.
/// </summary>
internal sealed class HoconMergeStack : HoconValue
{
    public HoconMergeStack(HoconValue[] items)
        : base(items[0].Origin)
    {
        Items = items;
    }

    /// <summary>The definitions, newest (highest priority) first.</summary>
    public HoconValue[] Items { get; }

    internal override int Depth => Items.Max(i => i.Depth);

    public override HoconValueType Type => HoconValueType.Unresolved;

    internal override bool IsUnresolvedNode => true;

    internal override bool ContainsUnresolved => true;
}
