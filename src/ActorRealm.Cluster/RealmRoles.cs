using System.Collections.Immutable;

namespace ActorRealm.Cluster;

/// <summary>
/// The Akka.Cluster roles ActorRealm gives every node, so that what a member is travels in its
/// member record: <c>site-&lt;site&gt;</c> (the quorum rule's site), <c>node-&lt;name&gt;</c> (the name
/// shown in status output), <c>join-proof-&lt;hmac&gt;</c> (the join secret proof, ADR 0060) and
/// <c>layout-&lt;sites&gt;</c> (the configured layout, so that members compare it at join, ADR 0072).
/// User roles (<c>actorrealm.node.roles</c>) sit beside them and may not use these prefixes.
/// </summary>
public static class RealmRoles
{
    /// <summary>The prefix of the site role.</summary>
    public const string SitePrefix = "site-";

    /// <summary>The prefix of the node name role.</summary>
    public const string NamePrefix = "node-";

    /// <summary>The prefix of the join proof role.</summary>
    public const string JoinProofPrefix = "join-proof-";

    /// <summary>The prefix of the layout role.</summary>
    public const string LayoutPrefix = "layout-";

    private static readonly string[] Prefixes = [SitePrefix, NamePrefix, JoinProofPrefix, LayoutPrefix];

    /// <summary>Every role of a node: its user roles, then its site, name, join proof (when it has a join secret) and layout (when given).</summary>
    public static ImmutableArray<string> For(string site, string name, IEnumerable<string> userRoles, string? joinProof, ClusterLayout? layout = null) =>
        [
            .. userRoles, SitePrefix + site, NamePrefix + name,
            .. joinProof is null ? Array.Empty<string>() : [JoinProofPrefix + joinProof],
            .. layout is null ? Array.Empty<string>() : [LayoutPrefix + layout],
        ];

    /// <summary>The layout a member's roles carry (as <see cref="ClusterLayout.ToString"/> wrote it), or null for a member that carries none.</summary>
    public static string? LayoutOf(IEnumerable<string> roles) => Find(roles, LayoutPrefix);

    /// <summary>The site a member's roles name, or null.</summary>
    public static string? SiteOf(IEnumerable<string> roles) => Find(roles, SitePrefix);

    /// <summary>The node name a member's roles carry, or null.</summary>
    public static string? NameOf(IEnumerable<string> roles) => Find(roles, NamePrefix);

    /// <summary>The join proof a member's roles carry, or null.</summary>
    public static string? JoinProofOf(IEnumerable<string> roles) => Find(roles, JoinProofPrefix);

    /// <summary>The user's roles, without ActorRealm's own.</summary>
    public static IEnumerable<string> UserRoles(IEnumerable<string> roles) =>
        (roles ?? []).Where(r => !Prefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal)));

    /// <summary>Problems with the roles a user configured (<c>actorrealm.node.roles</c>).</summary>
    public static IEnumerable<string> Problems(IEnumerable<string> userRoles)
    {
        foreach (var role in userRoles ?? [])
        {
            if (string.IsNullOrWhiteSpace(role))
            {
                yield return "actorrealm.node.roles contains an empty role.";
            }
            else if (Prefixes.FirstOrDefault(p => role.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
            {
                yield return $"actorrealm.node.roles: '{role}' starts with '{prefix}', which ActorRealm reserves for its own roles; rename it.";
            }
        }
    }

    private static string? Find(IEnumerable<string> roles, string prefix) =>
        (roles ?? []).FirstOrDefault(r => r.StartsWith(prefix, StringComparison.Ordinal)) is { } role ? role[prefix.Length..] : null;
}
