using System.Globalization;

namespace ActorRealm.Remote.Transport;

/// <summary>A transport endpoint: the host and port a node listens on and peers dial.</summary>
/// <param name="Host">A host name or IP address literal.</param>
/// <param name="Port">The TCP port (or in-memory port number).</param>
public readonly record struct NodeEndpoint(string Host, int Port)
{
    /// <summary>Returns <c>host:port</c> (IPv6 literals in brackets).</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
