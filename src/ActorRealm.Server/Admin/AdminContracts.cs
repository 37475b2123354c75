using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorRealm.Server.Admin;

/// <summary>
/// <c>GET /api/status</c>: one node's view of the realm. Members of the configured layout the node
/// has never seen (or that were removed) appear with status <see cref="MemberView.AbsentStatus"/>.
/// </summary>
/// <param name="Realm">The realm (cluster) name.</param>
/// <param name="Node">This node's name (<c>actorrealm.node.name</c>).</param>
/// <param name="Address">This node's cluster address, <c>host:port</c>.</param>
/// <param name="Site">This node's site.</param>
/// <param name="Status">This node's member status: absent (not joined yet, or rejoining), joining, up, leaving, exiting, down, removed.</param>
/// <param name="HasQuorum">Whether this node's side has quorum.</param>
/// <param name="Quorum">The quorum decision with its reason and explanation.</param>
/// <param name="Serving">Whether this node serves work that needs the cluster.</param>
/// <param name="Ready">Whether <c>/health/ready</c> answers 200: Up, serving and with quorum.</param>
/// <param name="PrimeSite">The prime site this node follows.</param>
/// <param name="PrimeEpoch">The prime epoch (0 = the configured prime site; each accepted switch adds one).</param>
/// <param name="PrimeSwitch">The last switch (who, when), or null at epoch 0.</param>
/// <param name="Leader">The leader's address as this node sees it, or null.</param>
/// <param name="Members">Every member this node knows, then the configured addresses it has not seen.</param>
/// <param name="Sites">The configured layout.</param>
/// <param name="Timestamp">When the view was taken (the node's clock).</param>
public sealed record NodeStatusView(
    string Realm,
    string Node,
    string Address,
    string Site,
    string Status,
    bool HasQuorum,
    QuorumView Quorum,
    bool Serving,
    bool Ready,
    string PrimeSite,
    long PrimeEpoch,
    PrimeSwitchInfoView? PrimeSwitch,
    string? Leader,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<SiteView> Sites,
    DateTimeOffset Timestamp);

/// <summary>The quorum decision of a node's side.</summary>
/// <param name="Reason">Majority, HalfWithPrimeSite, HalfWithoutPrimeSite or NoMajority.</param>
/// <param name="Explanation">A sentence an operator can act on.</param>
/// <param name="Reachable">Configured members this node reaches, itself included.</param>
/// <param name="Total">Configured members.</param>
public sealed record QuorumView(string Reason, string Explanation, int Reachable, int Total);

/// <summary>The last accepted prime switch.</summary>
/// <param name="SwitchedBy">Who asked for it.</param>
/// <param name="SwitchedAt">When it was accepted.</param>
/// <param name="SwitchId">Its unique id.</param>
public sealed record PrimeSwitchInfoView(string SwitchedBy, DateTimeOffset SwitchedAt, string SwitchId);

/// <summary>One member as a node sees it.</summary>
/// <param name="Node">The member's node name, or its address when the name is unknown.</param>
/// <param name="Site">The member's site.</param>
/// <param name="Address">The member's cluster address, <c>host:port</c>.</param>
/// <param name="Status">joining, up, leaving, exiting, down, removed, or absent (configured, not a member now).</param>
/// <param name="Reachable">Whether the observing node reaches it.</param>
/// <param name="Incarnation">The incarnation's uid, or null when absent.</param>
/// <param name="IsSelf">Whether the row is the observing node.</param>
/// <param name="IsLeader">Whether the member is the leader seen from the observing node.</param>
/// <param name="UnreachableFrom">Members whose failure detectors suspect it.</param>
/// <param name="Roles">The member's roles (<c>actorrealm.node.roles</c>); empty when it has none or is absent.</param>
public sealed record MemberView(
    string Node,
    string Site,
    string Address,
    string Status,
    bool Reachable,
    long? Incarnation,
    bool IsSelf,
    bool IsLeader,
    IReadOnlyList<string> UnreachableFrom,
    IReadOnlyList<string> Roles)
{
    /// <summary>The status of a configured address that is not a member now.</summary>
    public const string AbsentStatus = "absent";

    /// <summary>The status of a full member.</summary>
    public const string UpStatus = "up";
}

/// <summary>One configured site.</summary>
/// <param name="Name">The site name.</param>
/// <param name="Prime">Whether it is the prime site this node follows.</param>
/// <param name="Nodes">Its configured addresses.</param>
public sealed record SiteView(string Name, bool Prime, IReadOnlyList<string> Nodes);

/// <summary><c>POST /api/prime</c> body: make <see cref="Site"/> prime, confirming the old prime site is down.</summary>
/// <param name="Site">The site to make prime.</param>
/// <param name="ConfirmSiteDown">The current prime site, which the operator confirms is down.</param>
/// <param name="RequestedBy">Who asks (logged and stored with the switch); optional.</param>
public sealed record PrimeSwitchBody(string? Site, string? ConfirmSiteDown, string? RequestedBy);

/// <summary>The answer to <c>POST /api/prime</c>: 200 when accepted, 409 when refused.</summary>
/// <param name="Accepted">Whether the switch was accepted.</param>
/// <param name="PrimeSite">The prime site after the request.</param>
/// <param name="PrimeEpoch">The prime epoch after the request.</param>
/// <param name="StoredBy">The members that stored the new state durably (accepted only).</param>
/// <param name="Reason">Why it was refused (e.g. OldPrimeRecentlyReachable), or null.</param>
/// <param name="Message">What happened, for the operator.</param>
public sealed record PrimeSwitchResultView(bool Accepted, string PrimeSite, long PrimeEpoch, IReadOnlyList<string> StoredBy, string? Reason, string Message);

/// <summary>An error answer (400, 401, 503).</summary>
/// <param name="Error">What is wrong.</param>
public sealed record AdminErrorView(string Error);

/// <summary>The answer of <c>/health/live</c> and <c>/health/ready</c>.</summary>
/// <param name="Status">"live", "ready" or "not-ready".</param>
/// <param name="Reason">Why the node is not ready, or null.</param>
public sealed record HealthView(string Status, string? Reason);

/// <summary>
/// Source-generated JSON metadata of the admin API's bodies (camelCase), shared by the node and the
/// CLI. Use <see cref="Instance"/>: it writes quotes and non-ASCII text as they are, so messages read
/// well in <c>curl</c> output (the API's JSON is never embedded in HTML).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(NodeStatusView))]
[JsonSerializable(typeof(PrimeSwitchBody))]
[JsonSerializable(typeof(PrimeSwitchResultView))]
[JsonSerializable(typeof(AdminErrorView))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(PersistenceStatusView))]
[JsonSerializable(typeof(PersistenceChangeBody))]
[JsonSerializable(typeof(PersistenceChangeResultView))]
[JsonSerializable(typeof(PersistenceRealmView))]
[JsonSerializable(typeof(StatusConsole.ConsoleSnapshotView))]
[JsonSerializable(typeof(StatusConsole.ConsoleLoginBody))]
public sealed partial class AdminJsonContext : JsonSerializerContext
{
    /// <summary>The context the node and the CLI use.</summary>
    public static AdminJsonContext Instance { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
