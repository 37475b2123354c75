using System.Collections.Immutable;
using ActorRealm.Hocon;
using ActorRealm.Persistence;

namespace ActorRealm.Server;

/// <summary>How the node writes its log lines (<c>actorrealm.node.log.format</c>).</summary>
public enum LogFormat
{
    /// <summary>A human-readable line per event, structured properties appended.</summary>
    Text,

    /// <summary>One JSON object per line.</summary>
    Json,
}

/// <summary>The node's logging (<c>actorrealm.node.log</c>).</summary>
/// <param name="Level">The lowest level written (<c>level</c>): verbose, debug, information, warning, error, fatal.</param>
/// <param name="Format">The line format (<c>format</c>).</param>
/// <param name="Overrides">Lowest level per logger-name prefix (<c>overrides</c>).</param>
public sealed record NodeLogSettings(string Level, LogFormat Format, ImmutableSortedDictionary<string, string> Overrides);

/// <summary>The admin HTTP API's security settings (<c>actorrealm.node.admin</c>).</summary>
/// <param name="AuthEnabled">Whether <c>/api/*</c> needs a bearer token (<c>auth</c>).</param>
/// <param name="Token">The bearer token (<c>token</c>), empty when unset.</param>
/// <param name="TokenFile">A file holding the token (<c>token-file</c>), empty when unset.</param>
/// <param name="BindHostname">The interface to listen on (<c>bind-hostname</c>); empty means the node host.</param>
public sealed record AdminSettings(bool AuthEnabled, string Token, string TokenFile, string BindHostname)
{
    /// <summary>The shortest token accepted.</summary>
    public const int MinimumTokenLength = 16;

    /// <inheritdoc />
    public override string ToString() => $"AdminSettings {{ AuthEnabled = {AuthEnabled}, Token = (redacted), TokenFile = {TokenFile}, BindHostname = {BindHostname} }}";
}

/// <summary>
/// The node process's settings (<c>actorrealm.realm</c> and <c>actorrealm.node</c>), read once from a
/// resolved configuration. The defaults live, commented, in this module's <c>reference.conf</c>.
/// </summary>
public sealed record NodeSettings
{
    /// <summary>The realm (cluster) name, also the actor system name (<c>actorrealm.realm</c>).</summary>
    public required string Realm { get; init; }

    /// <summary>The node's name (<c>actorrealm.node.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The node's site (<c>actorrealm.node.site</c>).</summary>
    public required string Site { get; init; }

    /// <summary>The node's roles, carried in its member record (<c>actorrealm.node.roles</c>).</summary>
    public ImmutableArray<string> Roles { get; init; } = [];

    /// <summary>The host the node listens on and announces (<c>actorrealm.node.host</c>).</summary>
    public required string Host { get; init; }

    /// <summary>The cluster transport port (<c>actorrealm.node.port</c>).</summary>
    public required int Port { get; init; }

    /// <summary>The admin API port; 0 disables it (<c>actorrealm.node.admin-port</c>).</summary>
    public required int AdminPort { get; init; }

    /// <summary>The node's data directory, made absolute (<c>actorrealm.node.data-dir</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Logging (<c>actorrealm.node.log</c>).</summary>
    public required NodeLogSettings Log { get; init; }

    /// <summary>The thread-pool floor the node process raises at start (<see cref="ThreadPoolFloor"/>); 0 leaves the runtime's.</summary>
    public int MinPoolThreads { get; init; } = ThreadPoolFloor.Default;

    /// <summary>The admin API's security (<c>actorrealm.node.admin</c>).</summary>
    public required AdminSettings Admin { get; init; }

    /// <summary>The admin API's listening interface: <see cref="AdminSettings.BindHostname"/> or else <see cref="Host"/>.</summary>
    public string AdminBindHostname => Admin.BindHostname.Length > 0 ? Admin.BindHostname : Host;

    /// <summary>Reads the settings from a resolved configuration that includes the module defaults.</summary>
    /// <exception cref="HoconException">A key is missing, has the wrong type, or an enumerated value is unknown.</exception>
    public static NodeSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var node = config.GetConfig("actorrealm.node");
        var log = node.GetConfig("log");
        var admin = node.GetConfig("admin");
        var overrides = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var key in log.GetConfigOrEmpty("overrides").Keys)
        {
            overrides[key] = log.GetConfig("overrides").GetString($"\"{key}\"");
        }

        return new NodeSettings
        {
            Realm = config.GetString("actorrealm.realm"),
            Name = node.GetString("name"),
            Site = node.GetString("site"),
            Roles = [.. node.GetStringList("roles", [])],
            Host = node.GetString("host"),
            Port = node.GetInt("port"),
            AdminPort = node.GetInt("admin-port"),
            DataDirectory = Path.GetFullPath(node.GetString("data-dir")),
            MinPoolThreads = NonNegative(node.GetInt("min-pool-threads"), "actorrealm.node.min-pool-threads"),
            Log = new NodeLogSettings(log.GetString("level"), ParseFormat(log.GetString("format")), overrides.ToImmutable()),
            Admin = new AdminSettings(
                admin.GetBoolean("auth"),
                admin.GetString("token"),
                admin.GetString("token-file"),
                admin.GetString("bind-hostname")),
        };
    }

    private static int NonNegative(int value, string key) =>
        value >= 0 ? value : throw new HoconException($"{key} must be 0 or more, not {value}.");

    private static LogFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new HoconException($"actorrealm.node.log.format must be text or json, not '{text}'."),
    };
}
