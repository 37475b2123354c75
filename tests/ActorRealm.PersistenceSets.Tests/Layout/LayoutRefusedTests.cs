using ActorRealm.PersistenceSets.Layout;
using static ActorRealm.PersistenceSets.Tests.Layout.LayoutConfig;

namespace ActorRealm.PersistenceSets.Tests.Layout;

/// <summary>
/// Layouts refused at start: each rule on its own (the document example with one thing broken), then all
/// at once in one message. Positions are file:line:column of <see cref="LayoutConfig.Example"/>, whose own lines start at 27.
/// </summary>
public sealed class LayoutRefusedTests
{
    [Fact]
    public void A_set_without_servers()
    {
        Assert.Equal(
            ["realm.conf:15:11: actorrealm.persistence.sets._setB.servers is empty: every set needs at least one server (three is usual)."],
            Refusal(Example("sets._setB.servers = []")));
    }

    [Fact]
    public void A_server_in_two_sets()
    {
        Assert.Equal(
            ["realm.conf:27:23: Server 'a1' is in two sets, actorrealm.persistence.sets._setA.servers[0] and actorrealm.persistence.sets._setB.servers[0]: a server belongs to one set, and server names are unique in the realm."],
            Refusal(Example("sets._setB.servers = [{ name = a1, address = \"127.0.0.1:7311\" }, { name = b2, address = \"127.0.0.1:7312\" }]")));
    }

    [Fact]
    public void A_server_name_twice_in_one_set()
    {
        Assert.Equal(
            ["realm.conf:27:66: actorrealm.persistence.sets._setB.servers lists server 'b1' twice (actorrealm.persistence.sets._setB.servers[0] and actorrealm.persistence.sets._setB.servers[1]): server names are unique in the realm."],
            Refusal(Example("sets._setB.servers = [{ name = b1, address = \"127.0.0.1:7311\" }, { name = b1, address = \"127.0.0.1:7312\" }]")));
    }

    [Fact]
    public void The_same_address_for_two_servers()
    {
        Assert.Equal(
            ["realm.conf:27:66: Address 127.0.0.1:7303 is given to both actorrealm.persistence.sets._setA.servers[2] and actorrealm.persistence.sets._setB.servers[1]: every persistence server needs its own address."],
            Refusal(Example("sets._setB.servers = [{ name = b1, address = \"127.0.0.1:7311\" }, { name = b2, address = \"127.0.0.1:7303\" }]")));
    }

    [Fact]
    public void An_address_that_is_a_realm_servers()
    {
        Assert.Equal(
            ["realm.conf:27:23: actorrealm.persistence.sets._setB.servers[0].address 127.0.0.1:25522 is the address of a realm server (actorrealm.cluster.sites.dr.nodes): a persistence server is its own process and needs its own port."],
            Refusal(Example("sets._setB.servers = [{ name = b1, address = \"127.0.0.1:25522\" }]")));
    }

    [Theory]
    [InlineData("nohost", "realm.conf:27:46: actorrealm.persistence.sets._setB.servers[0].address: 'nohost' is not an address: expected \"host:port\".")]
    [InlineData("b1:99999", "realm.conf:27:46: actorrealm.persistence.sets._setB.servers[0].address: 'b1:99999' is not an address: expected \"host:port\" with a port in 1..65535.")]
    [InlineData("::1:7311", "realm.conf:27:46: actorrealm.persistence.sets._setB.servers[0].address: '::1:7311' is not an address: write IPv6 hosts in brackets, \"[::1]:port\".")]
    public void An_address_that_does_not_parse(string address, string problem) =>
        Assert.Equal([problem], Refusal(Example($"sets._setB.servers = [{{ name = b1, address = \"{address}\" }}]")));

    [Fact]
    public void A_primary_set_naming_no_set()
    {
        Assert.Equal(
            ["realm.conf:27:15: actorrealm.persistence.primary-set = '_setC' names no set; the sets are '_setA', '_setB'."],
            Refusal(Example("primary-set = _setC")));
    }

    [Fact]
    public void A_value_from_the_environment_is_named_by_its_variable()
    {
        var error = Assert.Throws<PersistenceLayoutException>(() => Read(DocumentExample, new Dictionary<string, string> { ["ACTORREALM__PERSISTENCE__PRIMARY_SET"] = "_setX" }));
        Assert.Equal(["env ACTORREALM__PERSISTENCE__PRIMARY_SET: actorrealm.persistence.primary-set = '_setX' names no set; the sets are '_setA', '_setB'."], error.Problems);
    }

    [Fact]
    public void No_primary_set()
    {
        Assert.Equal(
            ["actorrealm.persistence.primary-set is empty: name the initial primary set, one of '_setA', '_setB'."],
            Refusal(Example("primary-set = \"\"")));
    }

    [Fact]
    public void Both_sets_at_one_site()
    {
        Assert.Equal(
            ["realm.conf:15:11: Sets '_setA', '_setB' are all at site 'main' (actorrealm.persistence.sets.<set>.site): the standby set must run at another site than the primary set, or a lost site takes both."],
            Refusal(Example("sets._setB.site = main")));
    }

    [Fact]
    public void A_set_at_a_site_the_realm_does_not_define()
    {
        Assert.Equal(
            ["realm.conf:15:11: actorrealm.persistence.sets._setB.site = 'drr' is not a site of the realm (actorrealm.cluster.sites defines 'dr', 'main')."],
            Refusal(Example("sets._setB.site = drr")));
    }

    [Fact]
    public void A_set_without_a_site()
    {
        var text = DocumentExample.Replace("site = dr", string.Empty, StringComparison.Ordinal);
        Assert.Equal(
            ["realm.conf:15:11: actorrealm.persistence.sets._setB.site is missing: name the realm site the set runs at (actorrealm.cluster.sites defines 'dr', 'main')."],
            Refusal(text));
    }

    [Fact]
    public void Fewer_than_two_sets()
    {
        var text = Realm + "actorrealm.persistence { sets._setA { site = main, servers = [{ name = a1, address = \"127.0.0.1:7301\" }] }, primary-set = _setA }";
        Assert.Equal(
            ["actorrealm.persistence.sets defines 1 set ('_setA'): a persistence cluster has exactly two, the primary set and the standby set, at different sites."],
            Refusal(text));
    }

    [Fact]
    public void More_than_two_sets()
    {
        var problems = Refusal(Example("sets._setC { site = dr, servers = [{ name = c1, address = \"127.0.0.1:7321\" }] }"));
        Assert.Equal(
            [
                "actorrealm.persistence.sets defines 3 sets ('_setA', '_setB', '_setC'): a persistence cluster has exactly two, the primary set and the standby set, at different sites.",
                "realm.conf:27:12: Sets '_setB', '_setC' are all at site 'dr' (actorrealm.persistence.sets.<set>.site): the standby set must run at another site than the primary set, or a lost site takes both.",
            ],
            problems);
    }

    [Fact]
    public void No_sets_but_a_primary_set_or_a_server()
    {
        Assert.Equal(
            ["actorrealm.persistence.sets defines no set, but actorrealm.persistence.primary-set = '_setA' and actorrealm.persistence.server = 'a1' is set: define the primary and the standby set, or remove it."],
            Refusal(Realm + "actorrealm.persistence { primary-set = _setA, server = a1 }"));
    }

    [Fact]
    public void A_server_naming_no_defined_server()
    {
        Assert.Equal(
            ["realm.conf:27:10: actorrealm.persistence.server = 'c1' names no persistence server of the realm; the servers are 'a1', 'a2', 'a3', 'b1', 'b2', 'b3'."],
            Refusal(Example("server = c1")));
    }

    [Theory]
    [InlineData("semi-sync", "realm.conf:27:23: actorrealm.persistence.standby-replication must be async or sync, not 'semi-sync'.")]
    [InlineData("1", "realm.conf:27:23: actorrealm.persistence.standby-replication must be async or sync, not '1'.")]
    [InlineData("\"\"", "realm.conf:27:23: actorrealm.persistence.standby-replication must be async or sync, not ''.")]
    public void A_bad_standby_replication(string value, string problem) =>
        Assert.Equal([problem], Refusal(Example($"standby-replication = {value}")));

    [Fact]
    public void A_realm_server_of_another_site_or_one_that_does_not_parse()
    {
        Assert.Equal(
            [
                "realm.conf:27:48: actorrealm.persistence.sets._setA.realm-servers[1]: 'main-2' is not an address: expected \"host:port\".",
                "realm.conf:7:11: actorrealm.persistence.sets._setA.realm-servers lists 127.0.0.1:25522, which is not a realm server of site 'main' (actorrealm.cluster.sites.main.nodes: 127.0.0.1:25520, 127.0.0.1:25521): a set reports to the realm servers of its own site.",
            ],
            Refusal(Example("sets._setA.realm-servers = [\"127.0.0.1:25522\", \"main-2\"]")));
    }

    [Fact]
    public void Misspelt_keys_missing_fields_and_bad_names()
    {
        var problems = Refusal(Example("""
            sets._setB.server = []
            sets."_set.B2" = { site = dr, servers = [{ name = "b 1", adress = "127.0.0.1:7399" }] }
            """));
        Assert.Equal(
            [
                "realm.conf:27:21: actorrealm.persistence.sets._setB.server is not a setting of a persistence set; its settings are site, servers, realm-servers.",
                "realm.conf:28:67: actorrealm.persistence.sets._set.B2.servers[0].adress is not a setting of a persistence server; its settings are name, address.",
                "realm.conf:28:42: actorrealm.persistence.sets._set.B2.servers[0].address is missing: the \"host:port\" the server listens on for the other persistence servers.",
                "actorrealm.persistence.sets defines 3 sets ('_setA', '_setB', '_set.B2'): a persistence cluster has exactly two, the primary set and the standby set, at different sites.",
                "realm.conf:28:18: Set name '_set.B2' under actorrealm.persistence.sets must use only letters, digits, '-' and '_'.",
                "realm.conf:28:42: actorrealm.persistence.sets._set.B2.servers[0].name = 'b 1' must use only letters, digits, '-' and '_'.",
                "realm.conf:28:18: Sets '_setB', '_set.B2' are all at site 'dr' (actorrealm.persistence.sets.<set>.site): the standby set must run at another site than the primary set, or a lost site takes both.",
            ],
            problems);
    }

    [Fact]
    public void Values_of_the_wrong_shape_are_reported_once_each()
    {
        var problems = Refusal(Realm + """
            actorrealm.persistence {
              sets {
                _setA { site = [main], servers = { name = a1 } }
                _setB { site = dr, servers = ["b1", null], realm-servers = "127.0.0.1:25522" }
                _setC = 3
              }
              primary-set = [_setA]
              server = { name = a1 }
            }
            """);
        Assert.Equal(
            [
                "realm.conf:7:20: actorrealm.persistence.sets._setA.site: expected a non-empty string, found a list.",
                "realm.conf:7:38: actorrealm.persistence.sets._setA.servers: expected a list of servers, [ { name = ..., address = \"host:port\" }, ... ], found an object.",
                "realm.conf:8:35: actorrealm.persistence.sets._setB.servers[0]: expected { name = ..., address = \"host:port\" }, found 'b1'.",
                "realm.conf:8:41: actorrealm.persistence.sets._setB.servers[1]: expected { name = ..., address = \"host:port\" }, found null.",
                "realm.conf:8:64: actorrealm.persistence.sets._setB.realm-servers: expected a list of \"host:port\", found '127.0.0.1:25522'.",
                "realm.conf:9:13: actorrealm.persistence.sets._setC: expected an object { site = ..., servers = [...] }, found '3'.",
                "realm.conf:11:17: actorrealm.persistence.primary-set: expected a name, found a list.",
                "realm.conf:12:12: actorrealm.persistence.server: expected a name, found an object.",
            ],
            problems);
    }

    [Fact]
    public void Every_problem_is_listed_in_one_message()
    {
        var text = Realm + """
            actorrealm.persistence {
              sets {
                _setA { site = main, servers = [{ name = a1, address = "127.0.0.1:7301" }, { name = a1, address = "bad" }] }
                _setB { site = main, servers = [] }
              }
              primary-set = _setX
              standby-replication = eventually
              server = z9
            }
            """;
        var error = Assert.Throws<PersistenceLayoutException>(() => Read(text));
        var expected = new[]
        {
            "realm.conf:7:103: actorrealm.persistence.sets._setA.servers[1].address: 'bad' is not an address: expected \"host:port\".",
            "realm.conf:11:25: actorrealm.persistence.standby-replication must be async or sync, not 'eventually'.",
            "realm.conf:8:11: actorrealm.persistence.sets._setB.servers is empty: every set needs at least one server (three is usual).",
            "realm.conf:8:11: Sets '_setA', '_setB' are all at site 'main' (actorrealm.persistence.sets.<set>.site): the standby set must run at another site than the primary set, or a lost site takes both.",
            "realm.conf:7:80: actorrealm.persistence.sets._setA.servers lists server 'a1' twice (actorrealm.persistence.sets._setA.servers[0] and actorrealm.persistence.sets._setA.servers[1]): server names are unique in the realm.",
            "realm.conf:10:17: actorrealm.persistence.primary-set = '_setX' names no set; the sets are '_setA', '_setB'.",
            "realm.conf:12:12: actorrealm.persistence.server = 'z9' names no persistence server of the realm; the servers are 'a1', 'a1'.",
        };
        Assert.Equal(expected, error.Problems);
        Assert.Equal("Invalid persistence set layout (7 problems):" + string.Concat(expected.Select(p => Environment.NewLine + "  - " + p)), error.Message);
    }
}
