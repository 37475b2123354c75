using System.Collections;
using System.Diagnostics;
using System.Text.RegularExpressions;
using ActorRealm.Cli;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Cluster.Remote;
using ActorRealm.Cluster;
using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.Server.PersistenceServer;
using ActorRealm.TestSupport;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ActorRealm.Server.Tests;

/// <summary>
/// No container engine runs here, so <c>docker/</c> is checked without one: the compose file and the Kubernetes
/// manifests are parsed and held to their promises (non-root, read-only root filesystem, data volumes, probes, grace
/// periods, disruption budgets, the document's layout), every service's or pod's environment is loaded with the
/// project's own configuration loading, the init service's script runs with the published CLI to create the
/// certificates and secrets the services then start with, and the entry point runs a realm server with a service's
/// environment until it is ready.
/// </summary>
public sealed partial class DockerFilesTests(DockerFilesTests.InitOutput init) : IClassFixture<DockerFilesTests.InitOutput>
{
    private const string ImageRoot = "/etc/actorrealm";
    private static readonly string Docker = Path.Combine(RepositoryRoot.Find(), "docker");
    private static readonly string[] RealmServers = ["dr-1", "main-1"];
    private static readonly string[] PersistenceServers = ["a1", "a2", "a3", "b1", "b2", "b3"];
    private static readonly string[] InitFolders = ["certs", "secrets"];

    // ---- compose.yaml ----

    [Fact]
    public void Compose_runs_every_role_from_one_read_only_image_with_volumes_health_checks_and_a_grace_period()
    {
        var compose = Map(LoadYaml(Path.Combine(Docker, "compose.yaml")));
        var services = Map(compose["services"]);
        var volumes = Map(compose["volumes"]);

        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "b3", "dr-1", "init", "main-1"], services.Keys.Order(StringComparer.Ordinal));
        var grace = ShutdownTimeout();
        foreach (var (name, value) in services)
        {
            var service = Map(value);
            Assert.Equal("actorrealm:local", service["image"]);
            Assert.Equal("true", service["read_only"]);
            Assert.Contains("/tmp", Strings(service["tmpfs"]));
            Assert.False(service.ContainsKey("user"), $"{name} runs as the image's non-root user");
            if (name == "init")
            {
                Assert.Equal(["/bin/sh", "/app/actorrealm-init.sh"], Strings(service["entrypoint"]));
                continue;
            }

            Assert.Equal(["--config", $"{ImageRoot}/realm.conf"], Strings(service["command"]));
            Assert.Equal("service_completed_successfully", Map(Map(service["depends_on"])["init"])["condition"]);
            Assert.True(Duration(service["stop_grace_period"]) >= grace, $"{name}: stop_grace_period below the node's own stop timeout {grace}");
            var health = Map(service["healthcheck"]);
            Assert.Equal(["CMD", "dotnet", "/app/actorrealm.dll", "health", "--ready", "--admin", "127.0.0.1:25580"], Strings(health["test"]));
            var mounts = Strings(service["volumes"]);
            Assert.Contains($"{name}:/var/lib/actorrealm", mounts);
            Assert.True(volumes.ContainsKey(name), $"{name}'s data volume is declared");
            Assert.Contains($"certs:{ImageRoot}/certs:ro", mounts);
            Assert.Contains($"secrets:{ImageRoot}/secrets:ro", mounts);
            Assert.All(service.TryGetValue("ports", out var ports) ? Strings(ports) : [], p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_compose_service_starts_with_the_certificates_and_secrets_the_init_service_creates()
    {
        var root = init.Root;
        var services = init.Services;
        var secrets = Path.Combine(root.Path, "secrets");

        // The init service's script ran once (the fixture); again, as a restart would, it keeps everything.
        var first = InitFiles(root.Path);
        RunInit(init.Names, Path.Combine(root.Path, "certs"), secrets);
        Assert.Equal(first, InitFiles(root.Path));
        Assert.Matches("^[0-9a-f]{64}$", File.ReadAllText(Path.Combine(secrets, "admin-token")));
        Assert.Equal(RealmServers.Concat(PersistenceServers).Append("ca").Order(StringComparer.Ordinal), Directory.GetFiles(Path.Combine(root.Path, "certs"), "*.crt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));

        // realm.conf and the environment as mounted in the container, with the temporary folder for /etc/actorrealm.
        var realmConf = init.RealmConf;
        foreach (var name in RealmServers.Concat(PersistenceServers))
        {
            var env = ServiceEnvironment(services, name, root.Path);
            var config = ConfigFactory.Load(ConfigFactory.ParseFile(realmConf), ReferenceCatalog.Reference(), ToHashtable(env));
            Assert.Empty(UnknownSettings.Find(config, ReferenceCatalog.Reference()));
            if (PersistenceServers.Contains(name))
            {
                Assert.True(PersistenceServerConfiguration.IsPersistenceServer(config), name);
                var server = PersistenceServerConfiguration.From(config);
                Assert.Equal((name, name.StartsWith('a') ? "_setA" : "_setB", name.StartsWith('a') ? "main" : "dr"), (server.Server.Name, server.Server.Set, server.Server.Site));
                Assert.Equal(server.Server.Site, server.Node.Site);
                Assert.Equal(new NodeAddress(name, 25530), server.Server.Address);
                Assert.Equal(25580, server.HealthPort);
                Assert.NotNull(server.TransportSecurity.Tls);
                Assert.Equal([new NodeAddress(server.Server.Site + "-1", 25520)], server.Sets.Layout!.Set(server.Server.Set).RealmServers.ToArray());
            }
            else
            {
                var node = NodeConfiguration.From(config);
                Assert.Equal((name, name, name.Split('-')[0]), (node.Node.Name, node.Node.Host, node.Node.Site));
                Assert.Equal(25580, node.Node.AdminPort);
                Assert.Equal(File.ReadAllText(Path.Combine(secrets, "admin-token")), node.AdminToken);
                Assert.NotNull(node.Tls);
                Assert.Equal("main", node.Cluster.InitialPrime.Site);
                Assert.True(node.Cluster.Validate(node.Node.Site, node.Address).IsValid);
            }
        }

        // The published CLI itself, with a persistence server's environment, as the container's entry point loads it.
        var validate = RunCli(["config", "validate", realmConf], ServiceEnvironment(services, "b2", root.Path));
        Assert.True(validate.Exit == 0, validate.Error);
        Assert.Equal($"{realmConf}: valid.", validate.Output.Trim());
    }

    [Fact(Timeout = 60_000)]
    public async Task The_entry_point_with_main_1s_environment_reaches_readiness_and_stops_on_sigterm()
    {
        var root = init.Root;
        var services = init.Services;

        // main-1 as its container runs it (image defaults, the service's environment, realm.conf, the init's secrets),
        // except the addresses: no name main-1 resolves here, so it and the layout's sites move to free loopback ports.
        var ports = LoopbackPorts.Take(3);
        var env = ServiceEnvironment(services, "main-1", root.Path);
        env["ACTORREALM__NODE__HOST"] = "127.0.0.1";
        env["ACTORREALM__NODE__PORT"] = $"{ports[0]}";
        env["ACTORREALM__NODE__ADMIN_PORT"] = $"{ports[1]}";
        env["ACTORREALM__CLUSTER__SEED_NODES"] = $"[\"127.0.0.1:{ports[0]}\"]";
        env["ACTORREALM__CLUSTER__SITES__MAIN__NODES"] = $"[\"127.0.0.1:{ports[0]}\"]";
        env["ACTORREALM__CLUSTER__SITES__DR__NODES"] = $"[\"127.0.0.1:{ports[2]}\"]";
        var info = NodeLauncher.Current().StartInfo(Strings(Map(services["main-1"])["command"]).Select(a => a.Replace(ImageRoot, root.Path, StringComparison.Ordinal)).Prepend("node"));
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            // Alone at the prime site, 1 of 2 with the prime vote: quorum, so ready, probed as the compose health check does.
            string[] probe = ["health", "--ready", "--admin", $"127.0.0.1:{ports[1]}", "--ca", Path.Combine(root.Path, "certs", "ca.crt")];
            var ready = await Support.Eventually.Until(
                () => Task.FromResult(process.HasExited ? "exited" : Support.CliRunner.Run(probe) is { Exit: 0 } r ? r.Output.Trim() : null),
                TimeSpan.FromSeconds(40),
                "main-1 to answer ready",
                () => error.IsCompleted ? error.Result : string.Empty);
            Assert.Equal("200 ready", ready);
        }
        finally
        {
            // SIGTERM, as docker stop sends it: a graceful leave and exit 0 within the grace period.
            ProcessSignals.Terminate(process);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "main-1 did not stop within 30 s of SIGTERM");
        }

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await error}");
        Assert.Contains("\"main-1\"", await output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_builds_one_image_for_every_role_run_as_a_non_root_user_with_a_health_check()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Docker, "Dockerfile"));

        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", dockerfile);
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0", dockerfile);
        Assert.Matches(@"(?m)^USER app$", dockerfile);
        Assert.Matches(@"(?m)^HEALTHCHECK .*\n\s+CMD dotnet /app/actorrealm\.dll health --admin ""127\.0\.0\.1:\$\{ACTORREALM__NODE__ADMIN_PORT\}""", dockerfile);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/actorrealm.dll\", \"node\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY docker/actorrealm-init.sh /app/actorrealm-init.sh", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"chown app:app /var/lib/actorrealm /etc/actorrealm/certs /etc/actorrealm/secrets", dockerfile);
        // Both roles answer their health on the one port the health check probes.
        var env = ImageEnvironment("/data");
        Assert.Equal(env["ACTORREALM__NODE__ADMIN_PORT"], env["ACTORREALM__PERSISTENCE__HEALTH__PORT"]);
        Assert.Equal("0.0.0.0", env["ACTORREALM__NODE__ADMIN__BIND_HOSTNAME"]);
        foreach (var project in Directory.GetDirectories(Path.Combine(RepositoryRoot.Find(), "src")).Select(Path.GetFileName))
        {
            Assert.Contains($"COPY src/{project}/{project}.csproj", dockerfile, StringComparison.Ordinal);
        }
    }

    // ---- k8s ----

    [Fact]
    public void Kubernetes_runs_a_stateful_set_per_site_and_per_set_non_root_read_only_with_probes_budgets_and_the_layout()
    {
        var documents = Directory.GetFiles(Path.Combine(Docker, "k8s"), "*.yaml").Order(StringComparer.Ordinal).SelectMany(LoadYamlDocuments).Select(Map).ToList();
        var layoutMap = Assert.Single(documents, d => (string)d["kind"] == "ConfigMap");
        var realmConf = Map(layoutMap["data"])["realm.conf"].ToString()!;
        var services = documents.Where(d => (string)d["kind"] == "Service").ToDictionary(d => (string)Map(d["metadata"])["name"]);
        var budgets = documents.Where(d => (string)d["kind"] == "PodDisruptionBudget").ToList();
        var sets = documents.Where(d => (string)d["kind"] == "StatefulSet").ToList();
        Assert.Equal(["persistence-a", "persistence-b", "realm-dr", "realm-main"], sets.Select(s => (string)Map(s["metadata"])["name"]).Order(StringComparer.Ordinal));
        Assert.All(documents.SelectMany(d => Labels(d)), l => Assert.Matches(LabelValue(), l));
        var grace = ShutdownTimeout();
        var primeSite = string.Empty;
        var persistenceServers = new List<string>();

        foreach (var statefulSet in sets)
        {
            var name = (string)Map(statefulSet["metadata"])["name"];
            var spec = Map(statefulSet["spec"]);
            var selector = Map(Map(spec["selector"])["matchLabels"]);
            var template = Map(spec["template"]);
            var podLabels = Map(Map(template["metadata"])["labels"]);
            Assert.All(selector, l => Assert.Equal(l.Value, podLabels[l.Key]));
            var site = (string)podLabels["actorrealm.io/site"];

            // Its headless service, resolving pods before they are ready (the realm and the sets form before readiness).
            var service = Map(services[(string)spec["serviceName"]]["spec"]);
            Assert.Equal(("None", "true"), ((string)service["clusterIP"], (string)service["publishNotReadyAddresses"]));
            Assert.All(Map(service["selector"]), l => Assert.Equal(l.Value, podLabels[l.Key]));

            var pod = Map(template["spec"]);
            Assert.True(int.Parse((string)pod["terminationGracePeriodSeconds"], System.Globalization.CultureInfo.InvariantCulture) >= grace.TotalSeconds, $"{name}: grace period below the node's stop timeout {grace}");
            var podSecurity = Map(pod["securityContext"]);
            Assert.Equal(("true", "1654"), ((string)podSecurity["runAsNonRoot"], (string)podSecurity["runAsUser"]));
            var siteTerm = Map(Items(Map(Items(Map(Map(Map(pod["affinity"])["nodeAffinity"])["requiredDuringSchedulingIgnoredDuringExecution"])["nodeSelectorTerms"])[0])["matchExpressions"])[0]);
            Assert.Equal(("actorrealm.io/site", site), ((string)siteTerm["key"], Strings(siteTerm["values"]).Single()));
            var container = Map(Assert.Single(Items(pod["containers"])));
            var security = Map(container["securityContext"]);
            Assert.Equal(("true", "false"), ((string)security["readOnlyRootFilesystem"], (string)security["allowPrivilegeEscalation"]));
            var ports = Items(container["ports"]).Select(Map).ToDictionary(p => (string)p["name"], p => (string)p["containerPort"]);
            foreach (var (probe, path) in new[] { ("startupProbe", "/health/live"), ("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready") })
            {
                var get = Map(Map(container[probe])["httpGet"]);
                Assert.Equal((path, "25580", "HTTPS"), ((string)get["path"], ports[(string)get["port"]], (string)get["scheme"]));
            }

            var mounts = Items(container["volumeMounts"]).Select(Map).ToDictionary(m => (string)m["mountPath"], m => (string)m["name"]);
            Assert.Equal("data", mounts["/var/lib/actorrealm"]);
            Assert.Equal("data", (string)Map(Map(Assert.Single(Items(spec["volumeClaimTemplates"])))["metadata"])["name"]);
            var volumes = Items(pod["volumes"]).Select(Map).ToDictionary(v => (string)v["name"]);
            Assert.True(volumes[mounts["/tmp"]].ContainsKey("emptyDir"));
            Assert.Equal("actorrealm-certs", Map(volumes[mounts[$"{ImageRoot}/certs"]]["secret"])["secretName"]);
            Assert.Equal("actorrealm-layout", Map(volumes[mounts[$"{ImageRoot}/layout"]]["configMap"])["name"]);
            Assert.Equal(["--config", $"{ImageRoot}/layout/realm.conf"], Strings(container["args"]));

            // Its disruption budget keeps a majority of a set, and the prime site's realm servers.
            var replicas = int.Parse((string)spec["replicas"], System.Globalization.CultureInfo.InvariantCulture);
            var budget = Map(Assert.Single(budgets, b => Map(Map(Map(b["spec"])["selector"])["matchLabels"]).All(l => podLabels.TryGetValue(l.Key, out var v) && Equals(v, l.Value))
                && Map(Map(Map(b["spec"])["selector"])["matchLabels"]).Count == selector.Count)["spec"]);
            var maxUnavailable = int.Parse((string)budget["maxUnavailable"], System.Globalization.CultureInfo.InvariantCulture);

            // Every pod's environment makes a configuration of the layout for the pod it names.
            for (var ordinal = 0; ordinal < replicas; ordinal++)
            {
                var podName = $"{name}-{ordinal}";
                var env = ImageEnvironment("/var/lib/actorrealm");
                foreach (var variable in Items(container["env"]).Select(Map))
                {
                    env[(string)variable["name"]] = variable.TryGetValue("value", out var v) ? ((string)v).Replace("$(POD_NAME)", podName, StringComparison.Ordinal)
                        : variable.ContainsKey("valueFrom") && (string)variable["name"] == "POD_NAME" ? podName : "placeholder-secret-0123456789abcdef";
                }

                var config = ConfigFactory.Load(ConfigFactory.ParseString(realmConf), ReferenceCatalog.Reference(), ToHashtable(env));
                Assert.Empty(UnknownSettings.Find(config, ReferenceCatalog.Reference()));
                var sets_ = PersistenceSetsSettings.FromConfig(config);
                if (PersistenceServerConfiguration.IsPersistenceServer(config))
                {
                    var me = sets_.ThisServer!;
                    Assert.Equal((podName, site), (me.Name, me.Site));
                    Assert.Equal(new NodeAddress($"{podName}.{spec["serviceName"]}", int.Parse(ports["persistence"], System.Globalization.CultureInfo.InvariantCulture)), me.Address);
                    Assert.Equal(replicas, sets_.Layout!.Set(me.Set).Servers.Length);
                    Assert.True(replicas - maxUnavailable >= sets_.Layout.Set(me.Set).Majority, $"{name}: its budget lets the set lose its majority");
                    persistenceServers.Add(podName);
                }
                else
                {
                    var node = NodeSettings.FromConfig(config);
                    var cluster = ClusterSettings.FromConfig(config);
                    Assert.Equal((podName, $"{podName}.{spec["serviceName"]}", site), (node.Name, node.Host, node.Site));
                    var validation = cluster.Validate(node.Site, new NodeAddress(node.Host, node.Port));
                    Assert.True(validation.IsValid, $"{podName}: {string.Join(" ", validation.Errors)}");
                    Assert.Equal(replicas, cluster.Sites[site].Nodes.Length);
                    primeSite = cluster.InitialPrime.Site;
                    Assert.Equal(site == primeSite ? 0 : 1, maxUnavailable);
                }
            }
        }

        Assert.Equal("main", primeSite);
        Assert.Equal(["persistence-a-0", "persistence-a-1", "persistence-a-2", "persistence-b-0", "persistence-b-1", "persistence-b-2"], persistenceServers.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// What the compose file's init service leaves (its script run once with the published CLI, for every name it is
    /// given) and <c>realm.conf</c> beside it, in a temporary folder standing for <c>/etc/actorrealm</c>.
    /// </summary>
    public sealed class InitOutput : IDisposable
    {
        public InitOutput()
        {
            Services = Map(Map(LoadYaml(Path.Combine(Docker, "compose.yaml")))["services"]);
            Names = (string)Map(Map(Services["init"])["environment"])["ACTORREALM_NAMES"];
            RunInit(Names, Path.Combine(Root.Path, "certs"), Path.Combine(Root.Path, "secrets"));
            RealmConf = Path.Combine(Root.Path, "realm.conf");
            File.WriteAllText(RealmConf, File.ReadAllText(Path.Combine(Docker, "realm.conf")).Replace(ImageRoot, Root.Path, StringComparison.Ordinal));
        }

        internal TempDirectory Root { get; } = new();

        internal Dictionary<string, object> Services { get; }

        internal string Names { get; }

        internal string RealmConf { get; }

        public void Dispose() => Root.Dispose();
    }

    // ---- helpers ----

    /// <summary>The host's stop timeout for a node of the default configuration: a grace period must exceed it.</summary>
    private static TimeSpan ShutdownTimeout() => NodeHost.ShutdownTimeout(ConfigFactory.Load(Config.Empty, ReferenceCatalog.Reference(), new Hashtable()));

    private static List<string> InitFiles(string root) =>
        [.. InitFolders.SelectMany(d => Directory.GetFiles(Path.Combine(root, d))).Order(StringComparer.Ordinal).Select(f => f + ":" + File.ReadAllText(f))];

    private static void RunInit(string names, string certs, string secrets)
    {
        var launcher = NodeLauncher.Current();
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Docker, "actorrealm-init.sh"));
        info.Environment["ACTORREALM_CLI"] = string.Join(' ', new[] { launcher.FileName }.Concat(launcher.PrefixArguments));
        info.Environment["CERTS_DIR"] = certs;
        info.Environment["SECRETS_DIR"] = secrets;
        info.Environment["ACTORREALM_NAMES"] = names;
        var (exit, _, error) = Run(info);
        Assert.True(exit == 0, error);
    }

    private static (int Exit, string Output, string Error) RunCli(string[] arguments, Dictionary<string, string> environment)
    {
        var info = NodeLauncher.Current().StartInfo(arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ACTORREALM", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Run(info);
    }

    private static (int Exit, string Output, string Error) Run(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{info.FileName} did not end within 60 s");
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>A compose service's environment as the container sees it: the image's defaults under the service's, paths moved under <paramref name="root"/>.</summary>
    private static Dictionary<string, string> ServiceEnvironment(Dictionary<string, object> services, string name, string root)
    {
        var env = ImageEnvironment(Path.Combine(root, "data", name));
        foreach (var (key, value) in Map(Map(services[name])["environment"]))
        {
            env[key] = ((string)value).Replace(ImageRoot, root, StringComparison.Ordinal);
        }

        return env;
    }

    /// <summary>The Dockerfile's <c>ENV</c> defaults, with the data directory at <paramref name="dataDirectory"/>.</summary>
    private static Dictionary<string, string> ImageEnvironment(string dataDirectory)
    {
        var dockerfile = File.ReadAllText(Path.Combine(Docker, "Dockerfile"));
        var block = EnvBlock().Match(dockerfile).Groups[1].Value;
        var env = EnvPair().Matches(block).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        Assert.Equal("/var/lib/actorrealm", env["ACTORREALM__NODE__DATA_DIR"]);
        env["ACTORREALM__NODE__DATA_DIR"] = dataDirectory;
        return env;
    }

    /// <summary>A compose duration such as <c>90s</c> or <c>1m30s</c>.</summary>
    private static TimeSpan Duration(object value) =>
        ComposeDuration().Match((string)value) is { Success: true } m
            ? TimeSpan.FromMinutes(m.Groups[1].Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0)
                + TimeSpan.FromSeconds(m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0)
            : throw new FormatException($"not a compose duration: {value}");

    private static Hashtable ToHashtable(Dictionary<string, string> env)
    {
        var table = new Hashtable();
        foreach (var (key, value) in env)
        {
            table[key] = value;
        }

        return table;
    }

    private static object LoadYaml(string path) => LoadYamlDocuments(path).Single();

    /// <summary>Every document of a YAML file, with merge keys (<c>&lt;&lt;: *anchor</c>) applied; scalars stay strings.</summary>
    private static List<object> LoadYamlDocuments(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<object>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize<object>(parser)!);
        }

        return documents;
    }

    private static Dictionary<string, object> Map(object? node) =>
        Assert.IsType<Dictionary<object, object>>(node).ToDictionary(p => (string)p.Key, p => p.Value, StringComparer.Ordinal);

    private static List<string> Strings(object? node) => [.. Items(node).Select(o => Assert.IsType<string>(o))];

    private static List<object> Items(object? node) => Assert.IsType<List<object>>(node);

    private static IEnumerable<string> Labels(Dictionary<string, object> document)
    {
        var labels = Map(document["metadata"]).TryGetValue("labels", out var l) ? Map(l).Values.Cast<string>() : [];
        return document.TryGetValue("spec", out var spec) && Map(spec).TryGetValue("template", out var template)
            ? labels.Concat(Map(Map(Map(template)["metadata"])["labels"]).Values.Cast<string>())
            : labels;
    }

    [GeneratedRegex(@"(?ms)^ENV (.*?)(?=^\S)")]
    private static partial Regex EnvBlock();

    [GeneratedRegex(@"^(?:(\d+)m)?(?:(\d+)s)?$")]
    private static partial Regex ComposeDuration();

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
