using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Remote;
using ActorRealm.Hocon;
using AkkaConfig = Akka.Configuration.Config;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Cluster.Configuration;

/// <summary>
/// Builds the configuration Akka is given: the <c>akka</c> part of the node's resolved configuration
/// (the module defaults, which follow the <c>actorrealm.*</c> keys by substitution, and whatever the
/// user wrote under <c>akka { }</c>), under the keys ActorRealm computes from its own settings, over
/// the defaults other modules give (the persistence plugins). Our
/// HOCON library resolves everything (includes, substitutions, environment) and Akka receives plain
/// resolved values as JSON, so Akka's own parser never sees a substitution (ADR 0001).
/// </summary>
public static class RealmAkkaConfig
{
    /// <summary>The Akka configuration of a realm node.</summary>
    /// <param name="resolved">The node's resolved configuration, module defaults included.</param>
    /// <param name="setup">Who the node is.</param>
    /// <param name="defaults">
    /// Further Akka configuration under the user's <c>akka { }</c> section (the persistence plugins, the
    /// contracts' serializer), earlier entries winning over later ones.
    /// </param>
    /// <exception cref="HoconException">An <c>actorrealm.actor</c> setting is missing or has the wrong type.</exception>
    public static AkkaConfig Build(Config resolved, RealmSetup setup, params string[] defaults)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(setup);
        var user = UserAkka(resolved);
        return Layered(Computed(resolved, setup, user), user, defaults);
    }

    /// <summary>
    /// The Akka configuration of a process that reaches the realm over Akka.Remote without joining its cluster (a
    /// persistence server, ADR 0071): <c>provider = remote</c> at <paramref name="address"/>, with the realm's transport
    /// settings and security (<see cref="RemoteAkkaConfig"/>, <see cref="RealmTransportSecurity"/>), over the user's
    /// <c>akka { }</c> section and <paramref name="defaults"/>.
    /// </summary>
    /// <param name="resolved">The process's resolved configuration, module defaults included.</param>
    /// <param name="remote">The realm's transport settings.</param>
    /// <param name="address">The address the process listens on and is known by.</param>
    /// <param name="defaults">Further Akka configuration under the user's section, earlier entries winning.</param>
    public static AkkaConfig BuildRemoteOnly(Config resolved, RemoteSettings remote, NodeAddress address, params string[] defaults)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(address);
        var at = remote with { CanonicalHostname = address.Host, CanonicalPort = address.Port, BindHostname = string.Empty, BindPort = -1 };
        var computed = new StringBuilder()
            .AppendLine("akka.actor.provider = remote")
            // The realm's extensions (the realm cluster) belong to realm nodes, not to a process outside the cluster.
            .AppendLine("akka.extensions = []")
            .AppendLine(RemoteAkkaConfig.Hocon(at))
            .AppendLine(RealmTransportSecurity.Hocon(remote.Transport.Tls.Enabled))
            .ToString();
        return Layered(computed, UserAkka(resolved), defaults);
    }

    private static AkkaConfig UserAkka(Config resolved) =>
        resolved.HasPath("akka") ? AkkaConfigurationFactory.ParseString("{\"akka\":" + resolved.GetConfig("akka").ToJson(indented: false) + "}") : AkkaConfig.Empty;

    private static AkkaConfig Layered(string computed, AkkaConfig user, string[] defaults)
    {
        var result = AkkaConfigurationFactory.ParseString(computed).WithFallback(user);
        foreach (var layer in defaults)
        {
            result = result.WithFallback(AkkaConfigurationFactory.ParseString(layer));
        }

        return result;
    }

    /// <summary>The URI scheme of this node's transport: <c>akka.ssl.tcp</c>, or <c>akka.tcp</c> without TLS, with any applied adapters.</summary>
    public static string Protocol(AkkaConfig akka, bool tls)
    {
        ArgumentNullException.ThrowIfNull(akka);
        var adapters = akka.GetStringList("akka.remote.dot-netty.tcp.applied-adapters", []);
        var scheme = new StringBuilder("akka.");
        foreach (var adapter in adapters)
        {
            scheme.Append(adapter).Append('.');
        }

        return scheme.Append(tls ? "ssl.tcp" : "tcp").ToString();
    }

    private static string Computed(Config resolved, RealmSetup setup, AkkaConfig user)
    {
        var remote = setup.Remote;
        var tls = remote.Transport.Tls.Enabled;
        var protocol = Protocol(user, tls);
        var actor = resolved.GetConfig("actorrealm.actor");
        var sb = new StringBuilder();
        // Transport address, timeouts and detectors (actorrealm.remote), TLS and the refusing serializers.
        sb.AppendLine(RemoteAkkaConfig.Hocon(remote));
        sb.AppendLine(RealmTransportSecurity.Hocon(tls));
        // The node advertises the address the realm's layout and seed nodes know it by.
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.remote.dot-netty.tcp.public-hostname = {Quote(setup.Address.Host)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.remote.dot-netty.tcp.public-port = {setup.Address.Port}");
        // Akka joins these by itself at start, as RealmCluster.JoinAsync does: the same list, so the
        // join that starts first cannot found a cluster the other would not. An incarnation that moves
        // over (or was downed) lists only the members of the cluster it joins.
        var seeds = setup.JoinContacts.Select(s => Quote($"{protocol}://{setup.Realm}@{s.Host}:{s.Port}"));
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.cluster.seed-nodes = [{string.Join(", ", seeds)}]");
        var proof = remote.JoinSecret?.ProofFor(setup.Realm, setup.Address);
        var roles = RealmRoles.For(setup.Site, setup.NodeName, setup.Roles, proof, setup.Layout).Select(Quote);
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.cluster.roles = [{string.Join(", ", roles)}]");
        // Members move up only once half of the realm (rounded up) has joined: a smaller group can
        // never have quorum, whichever site is prime.
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.cluster.min-nr-of-members = {(setup.Layout.Count + 1) / 2}");
        // Every node watches every other one (Akka watches 9 by default): the rule counts them all.
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.cluster.failure-detector.monitored-by-nr-of-members = {Math.Max(9, setup.Layout.Count - 1)}");
        var deadline = actor.GetString("default-dispatcher.throughput-deadline");
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.actor.default-dispatcher.throughput-deadline-time = {(IsOff(deadline) ? "0ms" : Quote(deadline))}");
        var stash = actor.GetInt("stash-capacity");
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.actor.default-mailbox.stash-capacity = {(stash <= 0 ? -1 : stash)}");
        var capacity = actor.GetInt("default-mailbox.capacity");
        if (capacity > 0)
        {
            sb.AppendLine("akka.actor.default-mailbox.mailbox-type = \"Akka.Dispatch.BoundedMailbox, Akka\"");
            sb.AppendLine(CultureInfo.InvariantCulture, $"akka.actor.default-mailbox.mailbox-capacity = {capacity}");
            sb.AppendLine("akka.actor.default-mailbox.mailbox-push-timeout-time = 0s");
        }

        var guardian = actor.GetString("guardian-supervisor-strategy").Trim().ToLowerInvariant() switch
        {
            "default" => "Akka.Actor.DefaultSupervisorStrategy",
            "stopping" => "Akka.Actor.StoppingSupervisorStrategy",
            var other => throw new HoconException($"actorrealm.actor.guardian-supervisor-strategy must be default or stopping, not '{other}'."),
        };
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.actor.guardian-supervisor-strategy = {Quote(guardian)}");
        return sb.ToString();
    }

    private static bool IsOff(string value) => value.Length == 0 || value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("0", StringComparison.Ordinal);

    // A JSON string is a HOCON quoted string.
    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
