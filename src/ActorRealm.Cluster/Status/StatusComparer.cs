namespace ActorRealm.Cluster.Status;

/// <summary>Tells whether two snapshots differ in anything but the time they were taken.</summary>
internal static class StatusComparer
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are equal apart from <see cref="ClusterStatus.AsOf"/>.</summary>
    public static bool SameExceptTime(ClusterStatus a, ClusterStatus b) =>
        a with { AsOf = b.AsOf, Members = b.Members } == b && a.Members.SequenceEqual(b.Members, MemberComparer.Instance);

    private sealed class MemberComparer : IEqualityComparer<MemberSnapshot>
    {
        public static readonly MemberComparer Instance = new();

        public bool Equals(MemberSnapshot? x, MemberSnapshot? y) =>
            x is not null && y is not null &&
            x with { Roles = y.Roles, UnreachableFrom = y.UnreachableFrom } == y &&
            x.Roles.SequenceEqual(y.Roles) && x.UnreachableFrom.SequenceEqual(y.UnreachableFrom);

        public int GetHashCode(MemberSnapshot obj) => HashCode.Combine(obj.Address, obj.Status, obj.Incarnation);
    }
}
