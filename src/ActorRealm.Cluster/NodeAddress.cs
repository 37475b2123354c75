using System.Globalization;

namespace ActorRealm.Cluster;

/// <summary>
/// The transport address of a realm server node, <c>host:port</c>. Hosts are compared
/// case-insensitively (they are stored lower-case); addresses order by host (ordinal) then port,
/// which is the order the leader is chosen by.
/// </summary>
public sealed record NodeAddress : IComparable<NodeAddress>
{
    /// <summary>Creates an address; the host is normalised to lower case.</summary>
    /// <exception cref="ArgumentException">The host is empty or the port is outside 1..65535.</exception>
    public NodeAddress(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {port} of '{host}' is outside 1..65535.", nameof(port));
        }

        Host = host.Trim().ToLowerInvariant();
        Port = port;
    }

    /// <summary>The host name or IP address (lower case; IPv6 without brackets).</summary>
    public string Host { get; }

    /// <summary>The cluster transport port.</summary>
    public int Port { get; }

    /// <summary>Parses <c>host:port</c> or <c>[ipv6]:port</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid address.</exception>
    public static NodeAddress Parse(string text)
    {
        if (TryParse(text, out var address, out var error))
        {
            return address;
        }

        throw new FormatException(error);
    }

    /// <summary>Parses <c>host:port</c> or <c>[ipv6]:port</c>, returning a readable error on failure.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NodeAddress? address, out string error)
    {
        address = null;
        var trimmed = text?.Trim() ?? string.Empty;
        var colon = trimmed.LastIndexOf(':');
        if (colon <= 0 || colon == trimmed.Length - 1)
        {
            error = $"'{text}' is not an address: expected \"host:port\".";
            return false;
        }

        var host = trimmed[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            error = $"'{text}' is not an address: write IPv6 hosts in brackets, \"[::1]:port\".";
            return false;
        }

        if (host.Length == 0 ||
            !int.TryParse(trimmed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port is < 1 or > 65535)
        {
            error = $"'{text}' is not an address: expected \"host:port\" with a port in 1..65535.";
            return false;
        }

        address = new NodeAddress(host, port);
        error = string.Empty;
        return true;
    }

    /// <summary>Whether <paramref name="left"/> orders before <paramref name="right"/>.</summary>
    public static bool operator <(NodeAddress? left, NodeAddress? right) => Comparer<NodeAddress>.Default.Compare(left, right) < 0;

    /// <summary>Whether <paramref name="left"/> orders before or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(NodeAddress? left, NodeAddress? right) => Comparer<NodeAddress>.Default.Compare(left, right) <= 0;

    /// <summary>Whether <paramref name="left"/> orders after <paramref name="right"/>.</summary>
    public static bool operator >(NodeAddress? left, NodeAddress? right) => Comparer<NodeAddress>.Default.Compare(left, right) > 0;

    /// <summary>Whether <paramref name="left"/> orders after or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(NodeAddress? left, NodeAddress? right) => Comparer<NodeAddress>.Default.Compare(left, right) >= 0;

    /// <inheritdoc />
    public int CompareTo(NodeAddress? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byHost = string.CompareOrdinal(Host, other.Host);
        return byHost != 0 ? byHost : Port.CompareTo(other.Port);
    }

    /// <summary>Returns <c>host:port</c>, bracketing IPv6 hosts.</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
