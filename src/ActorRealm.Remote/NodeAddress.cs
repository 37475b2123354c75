using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ActorRealm.Remote.Transport;

namespace ActorRealm.Remote;

/// <summary>The canonical address of a node, written <c>realm://system@host:port</c>.</summary>
/// <param name="System">The actor system (realm) name.</param>
/// <param name="Host">The host peers dial.</param>
/// <param name="Port">The port peers dial.</param>
public sealed record NodeAddress(string System, string Host, int Port)
{
    /// <summary>The URI scheme of node addresses.</summary>
    public const string Scheme = "realm";

    /// <summary>The endpoint a transport dials to reach this node.</summary>
    public NodeEndpoint Endpoint => new(Host, Port);

    /// <summary>Returns <c>realm://system@host:port</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{System}@{Endpoint}");

    /// <summary>Parses <c>realm://system@host:port</c>; returns false for anything else.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NodeAddress? address)
    {
        address = null;
        const string prefix = Scheme + "://";
        if (text is null || text.Length > 512 || !text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text.AsSpan(prefix.Length);
        var at = rest.IndexOf('@');
        var colon = rest.LastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == rest.Length - 1)
        {
            return false;
        }

        var host = rest[(at + 1)..colon];
        if (host.Length > 1 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535 ||
            host.IsEmpty || host.ContainsAny(" /@[]"))
        {
            return false;
        }

        address = new NodeAddress(rest[..at].ToString(), host.ToString(), port);
        return true;
    }

    /// <summary>Parses <c>realm://system@host:port</c> or throws <see cref="FormatException"/>.</summary>
    public static NodeAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not a node address (realm://system@host:port).");
}
