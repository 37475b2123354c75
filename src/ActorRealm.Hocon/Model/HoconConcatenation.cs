namespace ActorRealm.Hocon;

/// <summary>An unresolved value concatenation containing at least one substitution (e.g. <c>${a} [b]</c>, <c>${x}/bin</c>).</summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(HoconOrigin origin, HoconValue[] parts)
        : base(origin)
    {
        Parts = parts;
    }

    /// <summary>The parts in order, including unquoted whitespace between them.</summary>
    public HoconValue[] Parts { get; }

    internal override int Depth => Parts.Max(p => p.Depth);

    public override HoconValueType Type => HoconValueType.Unresolved;

    internal override bool IsUnresolvedNode => true;

    internal override bool ContainsUnresolved => true;
}
