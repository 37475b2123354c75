using FsCheck;
using FsCheck.Fluent;

namespace ActorRealm.Cluster.Tests.Identity;

public sealed class RealmRolesTests
{
    private const string Proof = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_nodes_roles_carry_its_site_name_and_join_proof_beside_the_users_roles()
    {
        var roles = RealmRoles.For("dr", "dr-node-2", ["billing", "eu"], Proof);

        Assert.Equal(["billing", "eu", "site-dr", "node-dr-node-2", "join-proof-" + Proof], roles.ToArray());
        Assert.Equal("dr", RealmRoles.SiteOf(roles));
        Assert.Equal("dr-node-2", RealmRoles.NameOf(roles));
        Assert.Equal(Proof, RealmRoles.JoinProofOf(roles));
        Assert.Equal(["billing", "eu"], RealmRoles.UserRoles(roles));
    }

    [Fact]
    public void Without_a_join_secret_there_is_no_proof_role()
    {
        var roles = RealmRoles.For("main", "main-1", [], joinProof: null);

        Assert.Equal(["site-main", "node-main-1"], roles.ToArray());
        Assert.Null(RealmRoles.JoinProofOf(roles));
    }

    [Fact]
    public void Roles_of_a_member_that_is_not_a_realm_node_carry_nothing()
    {
        string[] roles = ["billing", "sites", "nodes", "join-proof", "Site-main"];

        Assert.Null(RealmRoles.SiteOf(roles));
        Assert.Null(RealmRoles.NameOf(roles));
        Assert.Null(RealmRoles.JoinProofOf(roles));
        Assert.Equal(roles, RealmRoles.UserRoles(roles));
    }

    [Fact]
    public void Any_site_name_and_user_roles_without_the_reserved_prefixes_round_trip() =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Names.ToArbitrary(), Names.ToArbitrary(), UserRoles.ToArbitrary(), (site, name, user) =>
        {
            var roles = RealmRoles.For(site, name, user, Proof);
            Assert.Empty(RealmRoles.Problems(user));
            Assert.Equal(site, RealmRoles.SiteOf(roles));
            Assert.Equal(name, RealmRoles.NameOf(roles));
            Assert.Equal(Proof, RealmRoles.JoinProofOf(roles));
            Assert.Equal(user, RealmRoles.UserRoles(roles));
        }));

    [Theory]
    [InlineData("site-main", "site-")]
    [InlineData("node-main-1", "node-")]
    [InlineData("join-proof-abc", "join-proof-")]
    public void A_user_role_with_a_reserved_prefix_is_refused_with_a_message(string role, string prefix)
    {
        var problem = Assert.Single(RealmRoles.Problems(["billing", role]));

        Assert.Equal($"actorrealm.node.roles: '{role}' starts with '{prefix}', which ActorRealm reserves for its own roles; rename it.", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_user_role_is_refused(string role) =>
        Assert.Equal(["actorrealm.node.roles contains an empty role."], RealmRoles.Problems([role]));

    private static Gen<string> Names =>
        from length in Gen.Choose(1, 12)
        from chars in Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".ToCharArray()).ArrayOf(length)
        select new string(chars);

    private static Gen<string[]> UserRoles =>
        from count in Gen.Choose(0, 4)
        from roles in Names.Where(r => !r.StartsWith("site-", StringComparison.Ordinal) && !r.StartsWith("node-", StringComparison.Ordinal) && !r.StartsWith("join-proof-", StringComparison.Ordinal)).ArrayOf(count)
        select roles;
}
