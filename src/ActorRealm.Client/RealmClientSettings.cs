using ActorRealm.Contracts.Persistence;

namespace ActorRealm.Client;

/// <summary>
/// How a <see cref="RealmClient"/> reaches a realm and publishes. Only <see cref="Realm"/> and
/// <see cref="ContactPoints"/> are required; TLS is required by realms that use it (the default for realms).
/// </summary>
public sealed record RealmClientSettings
{
    /// <summary>The realm's name (the actor system name of its realm servers and persistence servers).</summary>
    public required string Realm { get; init; }

    /// <summary>Realm servers to ask for the persistence directory, <c>host:port</c> (their cluster addresses); any of them will do.</summary>
    public required IReadOnlyList<string> ContactPoints { get; init; }

    /// <summary>The client's TLS identity and the realm's CA, as realm nodes use them; null for a realm with TLS off.</summary>
    public RealmClientTls? Tls { get; init; }

    /// <summary>
    /// The producer id the persistence cluster deduplicates this client's publishes by. Default: a new GUID per
    /// client. A given id must not be reused by another client, nor by a later one: the sequence starts at 1 again
    /// and the cluster would answer its publishes with the earlier messages' acknowledgements.
    /// </summary>
    public string ProducerId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>The most publishes in flight (sent, not yet acknowledged); further publishes wait for a slot.</summary>
    public int Window { get; init; } = 64;

    /// <summary>How long the client waits for an answer before it looks for the primary leader again and resends.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest message the client sends (the persistence cluster's <c>actorrealm.persistence.max-message-bytes</c>; 1 MiB by default).</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The host name persistence servers reach this client at (its own actor system's public host name) when the
    /// client starts its own system; null lets Akka choose (the machine's DNS name).
    /// </summary>
    public string? Hostname { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Realm))
        {
            throw new ArgumentException("The realm name is empty.", nameof(Realm));
        }

        if (ContactPoints is null || ContactPoints.Count == 0)
        {
            throw new ArgumentException("No contact points: give at least one realm server as host:port.", nameof(ContactPoints));
        }

        foreach (var contact in ContactPoints)
        {
            _ = ParseContact(contact);
        }

        if (string.IsNullOrWhiteSpace(ProducerId))
        {
            throw new ArgumentException("The producer id is empty.", nameof(ProducerId));
        }

        if (Window is < 1 or > 10_000)
        {
            throw new ArgumentException($"The window must be from 1 to 10000 publishes in flight, not {Window}.", nameof(Window));
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The request timeout must be positive, not {RequestTimeout}.", nameof(RequestTimeout));
        }

        if (MaxMessageBytes < 1)
        {
            throw new ArgumentException($"The message size limit must be at least 1 byte, not {MaxMessageBytes}.", nameof(MaxMessageBytes));
        }
    }

    /// <summary>Splits a <c>host:port</c> contact point (an IPv6 host keeps its brackets, as Akka addresses write it).</summary>
    /// <exception cref="ArgumentException">It is not <c>host:port</c> with a port from 1 to 65535.</exception>
    public static (string Host, int Port) ParseContact(string contact)
    {
        var colon = contact?.LastIndexOf(':') ?? -1;
        return colon > 0 && int.TryParse(contact.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535
            ? (contact![..colon], port)
            : throw new ArgumentException($"The contact point '{contact}' is not host:port (a realm server's cluster address, for example 10.0.0.5:4053).", nameof(contact));
    }

    internal static void CheckChannel(string channel, string parameter)
    {
        if (ChannelNames.Problem(channel) is { } problem)
        {
            throw new ArgumentException(problem, parameter);
        }
    }
}

/// <summary>The client's TLS files, as realm nodes name them (<c>actorrealm.remote.transport.tls</c>).</summary>
/// <param name="Certificate">The client's certificate (PEM), issued by the realm's CA (<c>actorrealm certs create-node</c>).</param>
/// <param name="PrivateKey">Its private key (PEM, unencrypted).</param>
/// <param name="CaCertificate">The realm's CA certificate (PEM): servers are trusted only if they chain to it.</param>
public sealed record RealmClientTls(string Certificate, string PrivateKey, string CaCertificate);
