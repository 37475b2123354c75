using System.Collections;
using System.Text.RegularExpressions;
using ActorRealm.Cli;
using ActorRealm.Cluster;
using ActorRealm.Hocon;
using ActorRealm.TestSupport;

namespace ActorRealm.Server.Tests;

/// <summary>
/// No Docker engine runs here, so <c>docker/</c> is checked by reading: the compose file's
/// environment overrides make a valid node configuration for every service, and the Dockerfile
/// keeps its promises (non-root, health check, node entrypoint).
/// </summary>
public sealed partial class DockerFilesTests
{
    private static readonly string Docker = Path.Combine(RepositoryRoot.Find(), "docker");

    [Fact]
    public void Every_compose_service_is_a_valid_node_of_the_layout()
    {
        var services = ComposeServices(File.ReadAllLines(Path.Combine(Docker, "compose.yaml")));

        Assert.Equal(["dr-1", "dr-2", "dr-3", "main-1", "main-2", "main-3"], services.Keys.Order(StringComparer.Ordinal));
        var published = new List<string>();
        foreach (var (service, (environment, ports)) in services)
        {
            var env = new Hashtable();
            foreach (var (key, value) in environment)
            {
                env[key] = value.StartsWith("${", StringComparison.Ordinal) ? "placeholder-secret-0123456789" : value;
            }

            var config = ConfigFactory.Load(Config.Empty, ReferenceCatalog.Reference(), env);
            var node = NodeSettings.FromConfig(config);
            var cluster = ClusterSettings.FromConfig(config);
            var validation = cluster.Validate(node.Site, new NodeAddress(node.Host, node.Port));

            Assert.True(validation.IsValid, $"{service}: {string.Join(" ", validation.Errors)}");
            Assert.Empty(validation.Warnings);
            Assert.Equal((service, service), (node.Name, node.Host));
            Assert.Equal($"/certs/{service}.crt", config.GetString("actorrealm.remote.transport.tls.certificate"));
            Assert.Equal("main", cluster.InitialPrime.Site);
            Assert.Empty(UnknownSettings.Find(config, ReferenceCatalog.Reference()));
            Assert.All(ports, p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
            published.AddRange(ports);
        }

        Assert.Equal(published.Count, published.Distinct().Count());
    }

    [Fact]
    public void Compose_reports_readiness_as_health()
    {
        var compose = File.ReadAllText(Path.Combine(Docker, "compose.yaml"));

        Assert.Matches(@"(?m)^  healthcheck:\n    test: \[""CMD-SHELL"", ""dotnet /app/actorrealm\.dll health --ready --admin 127\.0\.0\.1:\$\$\{ACTORREALM__NODE__ADMIN_PORT\}""\]$", compose);
    }

    [Fact]
    public void Dockerfile_runs_the_node_as_a_non_root_user_with_a_health_check()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Docker, "Dockerfile"));

        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", dockerfile);
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0", dockerfile);
        Assert.Matches(@"(?m)^USER app$", dockerfile);
        Assert.Matches(@"(?m)^HEALTHCHECK .*\n\s+CMD dotnet /app/actorrealm\.dll health --admin", dockerfile);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/actorrealm.dll\", \"node\"]", dockerfile, StringComparison.Ordinal);
        foreach (var project in Directory.GetDirectories(Path.Combine(RepositoryRoot.Find(), "src")).Select(Path.GetFileName))
        {
            Assert.Contains($"COPY src/{project}/{project}.csproj", dockerfile, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Reads the compose file's services: environment (with the merged <c>&lt;&lt;: *anchor</c> map)
    /// and published ports. Only the structure this repository's compose file uses is understood.
    /// </summary>
    private static Dictionary<string, (Dictionary<string, string> Environment, List<string> Ports)> ComposeServices(string[] lines)
    {
        var anchors = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var services = new Dictionary<string, (Dictionary<string, string>, List<string>)>(StringComparer.Ordinal);
        Dictionary<string, string>? map = null;
        string? service = null;
        var inServices = false;
        foreach (var raw in lines.Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !l.TrimStart().StartsWith('#')))
        {
            var indent = raw.Length - raw.TrimStart().Length;
            var line = raw.Trim();
            if (indent == 0)
            {
                inServices = line == "services:";
                map = AnchorDefinition().Match(line) is { Success: true } anchor && line.StartsWith("x-", StringComparison.Ordinal)
                    ? anchors[anchor.Groups[1].Value] = new Dictionary<string, string>(StringComparer.Ordinal)
                    : null;
            }
            else if (inServices && indent == 2)
            {
                service = line.TrimEnd(':');
                services[service] = (new Dictionary<string, string>(StringComparer.Ordinal), []);
                map = null;
            }
            else if (inServices && indent == 4)
            {
                map = line == "environment:" ? services[service!].Item1 : null;
                if (line.StartsWith("ports:", StringComparison.Ordinal))
                {
                    services[service!].Item2.AddRange(Regex.Matches(line, "\"((?:[\\d.]+:)?\\d+):\\d+\"").Select(m => m.Groups[1].Value));
                }
            }
            else if (map is not null && line.StartsWith("<<: *", StringComparison.Ordinal))
            {
                foreach (var (key, value) in anchors[line[5..]])
                {
                    map[key] = value;
                }
            }
            else if (map is not null && line.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0)
            {
                map[line[..colon]] = Unquote(line[(colon + 2)..]);
            }
        }

        return services;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '\'' or '"') && value[^1] == value[0] ? value[1..^1] : value;

    [GeneratedRegex(@"&([\w-]+)$")]
    private static partial Regex AnchorDefinition();
}
