using System.Net;
using System.Net.Sockets;
using ActorRealm.Cluster.Remote;
using ActorRealm.Server.Tests.Support;
using ActorRealm.TestSupport;

namespace ActorRealm.Server.Tests;

/// <summary><c>actorrealm node</c> refuses bad configurations with exit code 1 and a message naming the setting.</summary>
public sealed class NodeRefusalTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly int[] _ports = LoopbackPorts.Take(3);

    [Fact]
    public void No_prime_site()
    {
        var (exit, error) = Node(Config(mainPrime: false));

        Assert.Equal(1, exit);
        Assert.Contains("No prime site: set actorrealm.cluster.sites.<site>.prime = true on exactly one of 'dr', 'main'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_prime_sites()
    {
        var (exit, error) = Node(Config(drPrime: true));

        Assert.Equal(1, exit);
        Assert.Contains("2 prime sites ('dr', 'main'): exactly one site may be prime", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_thread_pool_floor()
    {
        var (exit, error) = Node(Config(node: "min-pool-threads = -1"));

        Assert.Equal(1, exit);
        Assert.Contains("actorrealm.node.min-pool-threads must be 0 or more, not -1.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Own_address_not_in_its_sites_nodes()
    {
        var (exit, error) = Node(Config(node: "port = " + _ports[2]));

        Assert.Equal(1, exit);
        Assert.Contains($"This node (127.0.0.1:{_ports[2]}) is not listed in actorrealm.cluster.sites.main.nodes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Own_site_not_configured()
    {
        var (exit, error) = Node(Config(node: "site = elsewhere"));

        Assert.Equal(1, exit);
        Assert.Contains("This node's site 'elsewhere' (actorrealm.node.site) is not configured", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_without_certificates_and_no_join_secret_are_both_listed()
    {
        var (exit, error) = Node(Config(remote: "join-secret = \"\", transport.tls.enabled = on"));

        Assert.Equal(1, exit);
        Assert.Contains("actorrealm.remote.join-secret is empty", error, StringComparison.Ordinal);
        Assert.Contains("actorrealm.remote.transport.tls needs certificate, private-key and ca-certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_certificate_files_are_named()
    {
        var missing = _dir.File("nope.crt");
        var (exit, error) = Node(Config(remote: $"transport.tls {{ enabled = on, certificate = \"{missing}\", private-key = \"{missing}\", ca-certificate = \"{missing}\" }}"));

        Assert.Equal(1, exit);
        Assert.Contains($"actorrealm.remote.transport.tls.certificate: '{missing}': the file does not exist.", error, StringComparison.Ordinal);
        Assert.Contains($"actorrealm.remote.transport.tls.ca-certificate: '{missing}': the file does not exist.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_admin_token_unless_auth_is_off()
    {
        var refused = Node(Config(node: "admin.token = \"\""));
        var shortToken = Node(Config(node: "admin.token = \"short\""));

        Assert.Equal(1, refused.Exit);
        Assert.Contains("The admin API needs a bearer token", refused.Error, StringComparison.Ordinal);
        Assert.Contains("admin.auth = off", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, shortToken.Exit);
        Assert.Contains("use at least 16", shortToken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_in_use()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, _ports[0]);
        squatter.Start();

        var (exit, error) = Node(Config());

        Assert.Equal(1, exit);
        Assert.Contains($"actorrealm.node.port {_ports[0]} on 127.0.0.1 cannot be used: the port is already in use", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_is_reported_once_under_the_users_key()
    {
        var (exit, error) = Node(Config(node: "port = \"abc\""));

        Assert.Equal(1, exit);
        var problem = Assert.Single(error.Split('\n'), l => l.Contains("abc", StringComparison.Ordinal));
        Assert.Matches(@"\.conf:7:\d+: 'actorrealm\.node\.port': expected an integer, found the string 'abc'$", problem.TrimEnd());
    }

    [Fact]
    public void A_bad_persistence_set_layout_lists_every_problem_with_its_position()
    {
        var file = Config(persistence: """
            sets {
                  _setA { site = main, servers = [{ name = a1, address = "127.0.0.1:7301" }] }
                  _setB { site = elsewhere, servers = [] }
                }
                primary-set = _setC
            """);

        var (exit, error) = Node(file);

        Assert.Equal(1, exit);
        Assert.Contains($"{file}:24:13: actorrealm.persistence.sets._setB.site = 'elsewhere' is not a site of the realm (actorrealm.cluster.sites defines 'dr', 'main').", error, StringComparison.Ordinal);
        Assert.Contains($"{file}:24:13: actorrealm.persistence.sets._setB.servers is empty", error, StringComparison.Ordinal);
        Assert.Contains($"{file}:26:19: actorrealm.persistence.primary-set = '_setC' names no set; the sets are '_setA', '_setB'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_or_a_syntax_error()
    {
        var missing = Node(_dir.File("absent.conf"));
        File.WriteAllText(_dir.File("broken.conf"), "actorrealm {\n  node { port = }\n");
        var broken = Node(_dir.File("broken.conf"));

        Assert.Equal(1, missing.Exit);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, broken.Exit);
        Assert.Contains("broken.conf:2:", broken.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Error) Node(string file)
    {
        var (exit, _, error) = CliRunner.Run("node", "--config", file);
        return (exit, error);
    }

    private string Config(bool mainPrime = true, bool drPrime = false, string node = "", string remote = "", string persistence = "")
    {
        var file = _dir.File($"node-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, $$"""
            actorrealm {
              realm = "refusals"
              node {
                name = "main-1", site = "main", host = "127.0.0.1", port = {{_ports[0]}}, admin-port = {{_ports[1]}}
                data-dir = "{{_dir.File("data")}}"
                admin.token = "0123456789abcdef0123"
                {{node}}
              }
              cluster {
                seed-nodes = ["127.0.0.1:{{_ports[0]}}"]
                sites {
                  main { prime = {{(mainPrime ? "true" : "false")}}, nodes = ["127.0.0.1:{{_ports[0]}}"] }
                  dr { prime = {{(drPrime ? "true" : "false")}}, nodes = ["127.0.0.1:{{_ports[2] + 1}}"] }
                }
              }
              remote {
                join-secret = "a-test-secret"
                transport.tls.enabled = off
                {{remote}}
              }
              persistence {
                {{persistence}}
              }
            }
            """);
        return file;
    }
}
