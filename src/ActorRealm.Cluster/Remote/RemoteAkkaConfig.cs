using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorRealm.Cluster.Remote;

/// <summary>
/// Maps <c>actorrealm.remote.*</c> (<see cref="RemoteSettings"/>) onto Akka.Remote's settings. The keys
/// users know keep their meaning where Akka has one; the keys Akka has no equivalent for are still
/// accepted, and <see cref="Warnings"/> names those a user set to anything but their default. TLS and
/// serialization are not here: see <see cref="Admission.RealmTransportSecurity"/>.
/// </summary>
public static class RemoteAkkaConfig
{
    private static readonly RemoteSettings Defaults = new();

    /// <summary>The <c>akka.remote</c> HOCON for <paramref name="settings"/>, to lay over the node's Akka configuration.</summary>
    public static string Hocon(RemoteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var transport = settings.Transport;
        var transportPause = settings.HeartbeatTimeout - settings.HeartbeatInterval;
        var text = new StringBuilder();
        text.AppendLine("akka.remote {");
        text.AppendLine("  dot-netty.tcp {");

        // Akka binds hostname:port and advertises public-hostname:public-port (public-port 0: the bound port).
        Line(text, "    hostname", Quote(settings.EffectiveBindHostname));
        Line(text, "    port", settings.EffectiveBindPort.ToString(CultureInfo.InvariantCulture));
        Line(text, "    public-hostname", Quote(settings.CanonicalHostname));
        Line(text, "    public-port", settings.CanonicalPort.ToString(CultureInfo.InvariantCulture));
        Line(text, "    maximum-frame-size", string.Create(CultureInfo.InvariantCulture, $"{transport.MaximumFrameSize}b"));

        // With DotNetty, Akka times the TCP connect and the association handshake by this one key.
        Line(text, "    connection-timeout", Duration(Max(transport.HandshakeTimeout, transport.ConnectTimeout)));
        text.AppendLine("  }");
        Line(text, "  handshake-timeout", Duration(transport.HandshakeTimeout));

        // A deadline detector: a connection silent for heartbeat-interval + acceptable-heartbeat-pause is dropped.
        Line(text, "  transport-failure-detector.heartbeat-interval", Duration(settings.HeartbeatInterval));
        Line(text, "  transport-failure-detector.acceptable-heartbeat-pause", Duration(transportPause));

        // Remote DeathWatch outside the cluster: silence that long ends the watches (AddressTerminated) and quarantines.
        Line(text, "  watch-failure-detector.heartbeat-interval", Duration(settings.HeartbeatInterval));
        Line(text, "  watch-failure-detector.acceptable-heartbeat-pause", Duration(settings.AddressTerminatedAfter));
        Line(text, "  prune-quarantine-marker-after", Duration(settings.QuarantineDuration));
        text.AppendLine("}");
        return text.ToString();
    }

    /// <summary>
    /// One start-up warning for each <c>actorrealm.remote</c> key set to a non-default value that Akka
    /// has no equivalent for (or folds into another key); empty with the defaults.
    /// </summary>
    public static IReadOnlyList<string> Warnings(RemoteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var transport = settings.Transport;
        var warnings = new List<string>();
        Warn(warnings, transport.SendQueueSize != Defaults.Transport.SendQueueSize, "transport.send-queue-size", "Akka.Remote queues user messages per peer without a bound (system messages: akka.remote.system-message-buffer-size)");
        Warn(warnings, transport.FrameCompletionTimeout != Defaults.Transport.FrameCompletionTimeout, "transport.frame-completion-timeout", "a half-sent frame waits until the transport failure detector drops the connection (heartbeat-timeout), or until the handshake timeout before the association");
        Warn(warnings, transport.MaxInboundConnections != Defaults.Transport.MaxInboundConnections, "transport.max-inbound-connections", "Akka.Remote does not limit inbound connections (limit them in front of the node, e.g. with a firewall)");
        Warn(warnings, transport.ConnectTimeout != Defaults.Transport.ConnectTimeout, "transport.connect-timeout", $"Akka times the TCP connect and the handshake with one setting, akka.remote.dot-netty.tcp.connection-timeout, set to the larger of handshake-timeout and connect-timeout ({Duration(Max(transport.HandshakeTimeout, transport.ConnectTimeout))})");
        Warn(warnings, settings.Reconnect != Defaults.Reconnect, "reconnect", "Akka.Remote retries a failed peer after a fixed gate, akka.remote.retry-gate-closed-for (5s unless set under akka { }), without exponential back-off or jitter");
        return warnings;
    }

    private static void Warn(List<string> warnings, bool set, string key, string because)
    {
        if (set)
        {
            warnings.Add($"actorrealm.remote.{key} is set but has no effect on Akka.Remote: {because}.");
        }
    }

    private static void Line(StringBuilder text, string key, string value) => text.Append(key).Append(" = ").AppendLine(value);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Duration(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMilliseconds}ms");

    // A JSON string is a HOCON quoted string.
    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
