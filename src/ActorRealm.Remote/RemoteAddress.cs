using System.Diagnostics.CodeAnalysis;
using ActorRealm.Actors;
using ActorRealm.Remote.Transport;

namespace ActorRealm.Remote;

/// <summary>Node addresses (<c>realm://system@host:port</c>) as the remote layer uses them.</summary>
public static class RemoteAddress
{
    /// <summary>Creates the address of the node <paramref name="system"/> at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static Address Create(string system, string host, int port) => new(Address.RealmProtocol, system, host, port);

    /// <summary>The endpoint a transport dials to reach the node at <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentException">The address has no host and port (it is local-only).</exception>
    public static NodeEndpoint ToEndpoint(this Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Host is null || address.Port is null)
        {
            throw new ArgumentException($"{address} is a local address; a node address has a host and a port.", nameof(address));
        }

        var host = address.Host is ['[', .., ']'] ? address.Host[1..^1] : address.Host;
        return new NodeEndpoint(host, address.Port.Value);
    }

    /// <summary>Parses a node address: the realm protocol with a host and a port (at most 512 characters).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Address? address)
    {
        address = null;
        if (text is null || text.Length > 512 || !Address.TryParse(text, out var parsed) ||
            parsed.HasLocalScope || parsed.Protocol != Address.RealmProtocol || parsed.Host!.Length == 0)
        {
            return false;
        }

        address = parsed;
        return true;
    }
}
