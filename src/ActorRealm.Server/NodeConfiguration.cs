using ActorRealm.Cluster;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Remote;
using ActorRealm.Hocon;
using ActorRealm.Persistence;
using ActorRealm.PersistenceSets.Layout;
using Akka.Actor.Setup;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace ActorRealm.Server;

/// <summary>
/// A node's checked configuration: the resolved <see cref="Config"/> and the typed settings of every
/// module the node process starts. <see cref="From"/> collects every problem before refusing, so an
/// operator fixes a configuration in one round.
/// </summary>
public sealed record NodeConfiguration
{
    private AkkaPersistenceParts? _persistenceParts;

    /// <summary>The resolved configuration (defaults, file, environment overrides).</summary>
    public required Config Config { get; init; }

    /// <summary>The node process's settings.</summary>
    public required NodeSettings Node { get; init; }

    /// <summary>The transport settings.</summary>
    public required RemoteSettings Remote { get; init; }

    /// <summary>The cluster settings.</summary>
    public required ClusterSettings Cluster { get; init; }

    /// <summary>The persistence settings (the journal and snapshot store).</summary>
    public required PersistenceSettings Persistence { get; init; }

    /// <summary>The realm's persistence set layout (none when the realm defines no persistence set).</summary>
    public PersistenceSetsSettings PersistenceSets { get; init; } = new();

    /// <summary>What every incarnation's actor system needs to use the node's store (plugins, durability).</summary>
    public AkkaPersistenceParts PersistenceParts => _persistenceParts ??= AkkaPersistenceSetup.Build(Persistence, Node.DataDirectory);

    /// <summary>This node's cluster address (<c>actorrealm.node.host</c>:<c>port</c>).</summary>
    public required NodeAddress Address { get; init; }

    /// <summary>The TLS identity when TLS is on (certificates loaded and checked), else null.</summary>
    public required TlsContext? Tls { get; init; }

    /// <summary>The transport's security: the TLS setup for Akka.Remote (null when TLS is off).</summary>
    public required TransportSecurity? TransportSecurity { get; init; }

    /// <summary>The admin bearer token, or null when admin authentication is off.</summary>
    public required string? AdminToken { get; init; }

    /// <summary>
    /// Problems of the node process's own settings that do not stop it, to log once at start (the
    /// cluster logs its own, such as unequal site sizes).
    /// </summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Setups every incarnation's actor system gets besides the <see cref="RealmSetup"/> (TLS identity, store durability).</summary>
    public IReadOnlyList<Setup> Setups => [.. TransportSecurity?.Setup is { } tls ? new Setup[] { tls } : [], .. PersistenceParts.Setups];

    /// <summary>Akka configuration under the user's <c>akka { }</c> section: the persistence plugins.</summary>
    public IReadOnlyList<string> AkkaDefaults => [PersistenceParts.Hocon];

    /// <summary>Akka's log level: the node's level (Akka has no verbose or fatal).</summary>
    public AkkaLogLevel AkkaLogLevel => AkkaLevel(Node.Log);

    /// <summary>Akka's log level for a node's log settings (Akka has no verbose or fatal).</summary>
    internal static AkkaLogLevel AkkaLevel(NodeLogSettings log) => NodeLogging.ParseLevel(log.Level) switch
    {
        Serilog.Events.LogEventLevel.Verbose or Serilog.Events.LogEventLevel.Debug => AkkaLogLevel.DebugLevel,
        Serilog.Events.LogEventLevel.Information => AkkaLogLevel.InfoLevel,
        Serilog.Events.LogEventLevel.Warning => AkkaLogLevel.WarningLevel,
        _ => AkkaLogLevel.ErrorLevel,
    };

    /// <summary>Reads and checks every setting the node needs from a resolved configuration.</summary>
    /// <exception cref="NodeStartupException">Something is wrong; every problem is listed.</exception>
    public static NodeConfiguration From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<string>();
        var warnings = new List<string>();
        var badValues = new HashSet<HoconOrigin>();
        var node = Read(problems, badValues, () => NodeSettings.FromConfig(config));
        var remote = Read(problems, badValues, () => RemoteSettings.FromConfig(config));
        var cluster = Read(problems, badValues, () => ClusterSettings.FromConfig(config));
        var persistence = Read(problems, badValues, () => PersistenceSettings.FromConfig(config));
        var persistenceSets = Read(problems, badValues, () => PersistenceSetsSettings.FromConfig(config));
        warnings.AddRange(persistenceSets?.Warnings ?? []);
        NodeAddress? address = null;
        if (node is not null && !NodeAddress.TryParse($"{node.Host}:{node.Port}", out address, out var addressError))
        {
            problems.Add($"actorrealm.node.host/port: {addressError}");
        }

        if (node is not null)
        {
            problems.AddRange(NodeProblems(node));
        }

        if (cluster is not null && node is not null)
        {
            // Its warnings (unequal sites, ...) are logged by the cluster extension at start.
            problems.AddRange(cluster.Validate(node.Site, address).Errors);
        }

        TransportSecurity? security = null;
        if (remote is not null)
        {
            security = ReadTransportSecurity(remote, problems, badValues, warnings);

            if (!remote.Transport.Tls.Enabled && node is { AdminPort: not 0 })
            {
                // The transport logs its own plaintext warning.
                warnings.Add("The admin API serves plain HTTP because TLS is off (actorrealm.remote.transport.tls.enabled = off): the bearer token and the status travel unencrypted.");
            }
        }

        var token = node is null || node.AdminPort == 0 ? null : ReadAdminToken(node.Admin, problems, warnings);
        if (problems.Count > 0)
        {
            throw new NodeStartupException(problems);
        }

        return new NodeConfiguration
        {
            Config = config,
            Node = node!,
            Remote = remote!,
            Cluster = cluster!,
            Persistence = persistence!,
            PersistenceSets = persistenceSets!,
            Address = address!,
            Tls = security?.Tls,
            TransportSecurity = security,
            AdminToken = token,
            Warnings = warnings,
        };
    }

    /// <summary>Checks the transport settings and, when they are fine, loads the TLS identity (a realm node's or a persistence server's).</summary>
    internal static TransportSecurity? ReadTransportSecurity(RemoteSettings remote, List<string> problems, HashSet<HoconOrigin> badValues, List<string> warnings)
    {
        var remoteProblems = remote.Validate();
        problems.AddRange(remoteProblems);
        if (remoteProblems.Count > 0)
        {
            return null;
        }

        var security = Read(problems, badValues, () => RealmTransportSecurity.Start(remote.Transport.Tls));
        warnings.AddRange(security?.Warnings ?? []);
        warnings.AddRange(RemoteAkkaConfig.Warnings(remote));
        return security;
    }

    /// <summary>
    /// Runs <paramref name="read"/>, adding what it finds wrong to <paramref name="problems"/>. A bad
    /// value is reported once, under the first key read (the node's own settings come first): a
    /// default that refers to it (<c>canonical.port = ${?actorrealm.node.port}</c>) fails on the
    /// same value in the same place, under a key the user never wrote.
    /// </summary>
    internal static T? Read<T>(List<string> problems, HashSet<HoconOrigin> badValues, Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (HoconException e)
        {
            if (e.Origin is not { } origin || badValues.Add(origin))
            {
                problems.Add(e.Message);
            }
        }
        catch (ClusterConfigurationException e)
        {
            problems.AddRange(e.Problems);
        }
        catch (PersistenceLayoutException e)
        {
            problems.AddRange(e.Problems);
        }
        catch (InvalidOperationException e)
        {
            // Certificates that cannot be loaded: the message names the file.
            problems.Add(e.Message);
        }

        return null;
    }

    private static IEnumerable<string> NodeProblems(NodeSettings node)
    {
        if (string.IsNullOrWhiteSpace(node.Realm))
        {
            yield return "actorrealm.realm is empty: name the realm (the same on every node).";
        }

        if (string.IsNullOrWhiteSpace(node.Name))
        {
            yield return "actorrealm.node.name is empty.";
        }

        if (node.AdminPort is < 0 or > 65535)
        {
            yield return $"actorrealm.node.admin-port must be 0 (admin API off) or 1..65535, not {node.AdminPort}.";
        }
        else if (node.AdminPort != 0 && node.AdminPort == node.Port)
        {
            yield return $"actorrealm.node.admin-port and actorrealm.node.port are both {node.Port}: give the admin API its own port.";
        }

        if (NodeLogging.ParseLevel(node.Log.Level) is null)
        {
            yield return $"actorrealm.node.log.level must be one of verbose, debug, information, warning, error, fatal, not '{node.Log.Level}'.";
        }

        foreach (var (source, level) in node.Log.Overrides.Where(o => NodeLogging.ParseLevel(o.Value) is null))
        {
            yield return $"actorrealm.node.log.overrides.\"{source}\" must be one of verbose, debug, information, warning, error, fatal, not '{level}'.";
        }
    }

    private static string? ReadAdminToken(AdminSettings admin, List<string> problems, List<string> warnings)
    {
        if (!admin.AuthEnabled)
        {
            warnings.Add("The admin API has no authentication (actorrealm.node.admin.auth = off): anyone who reaches the admin port can read the status and switch the prime site.");
            return null;
        }

        var token = admin.Token;
        if (token.Length == 0 && admin.TokenFile.Length > 0)
        {
            try
            {
                token = File.ReadAllText(admin.TokenFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"actorrealm.node.admin.token-file '{admin.TokenFile}' cannot be read: {e.Message}");
                return null;
            }
        }

        if (token.Length == 0)
        {
            problems.Add(
                "The admin API needs a bearer token: set actorrealm.node.admin.token, admin.token-file or the environment variable " +
                "ACTORREALM_ADMIN_TOKEN (e.g. `openssl rand -hex 32`), or set actorrealm.node.admin.auth = off explicitly (local trials only).");
            return null;
        }

        if (token.Length < AdminSettings.MinimumTokenLength)
        {
            problems.Add($"The admin token is {token.Length} characters long; use at least {AdminSettings.MinimumTokenLength} (e.g. `openssl rand -hex 32`).");
            return null;
        }

        return token;
    }
}
