using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ActorRealm.Actors;

/// <summary>
/// The address of an actor system: <c>realm://system</c> for a purely local system, or
/// <c>realm://system@host:port</c> once a transport gives it a network location.
/// </summary>
public sealed class Address : IEquatable<Address>, IComparable<Address>
{
    /// <summary>The only protocol ActorRealm uses.</summary>
    public const string RealmProtocol = "realm";

    private string? _text;

    /// <summary>Creates an address; <paramref name="host"/> and <paramref name="port"/> go together.</summary>
    /// <exception cref="ArgumentException">The system name is not valid, or only one of host and port is given.</exception>
    public Address(string protocol, string system, string? host = null, int? port = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        if (!IsValidSystemName(system))
        {
            throw new ArgumentException(
                $"Invalid actor system name [{system}]: it must start with a letter or digit and contain only letters, digits, '-' and '_'.",
                nameof(system));
        }

        if ((host is null) != (port is null))
        {
            throw new ArgumentException("An address has either both a host and a port, or neither.", nameof(host));
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port is between 0 and 65535.");
        }

        Protocol = protocol;
        System = system;
        Host = host;
        Port = port;
    }

    /// <summary>The protocol, normally <see cref="RealmProtocol"/>.</summary>
    public string Protocol { get; }

    /// <summary>The actor system name.</summary>
    public string System { get; }

    /// <summary>The host, or null for a local address.</summary>
    public string? Host { get; }

    /// <summary>The port, or null for a local address.</summary>
    public int? Port { get; }

    /// <summary>True when the address has no host (it names a system in this process only).</summary>
    public bool HasLocalScope => Host is null;

    /// <summary>Creates the local address of the named system (<c>realm://name</c>).</summary>
    public static Address Local(string system) => new(RealmProtocol, system);

    /// <summary>True when the name may be used as an actor system name.</summary>
    public static bool IsValidSystemName([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <c>protocol://system</c> or <c>protocol://system@host:port</c>.</summary>
    /// <exception cref="FormatException">The text is not an address.</exception>
    public static Address Parse(string text)
    {
        if (!TryParse(text, out var address, out var error))
        {
            throw new FormatException($"Invalid address [{text}]: {error}");
        }

        return address;
    }

    /// <summary>Tries to parse an address; see <see cref="Parse"/>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Address? address) => TryParse(text, out address, out _);

    /// <summary>Parses the address prefix of <paramref name="text"/>, returning the index just past it.</summary>
    internal static bool TryParsePrefix(string text, [NotNullWhen(true)] out Address? address, out int end, out string error)
    {
        address = null;
        end = 0;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            error = "expected protocol://system";
            return false;
        }

        end = text.IndexOf('/', schemeEnd + 3);
        if (end < 0)
        {
            end = text.Length;
        }

        return TryParse(text[..end], out address, out error);
    }

    private static bool TryParse(string? text, [NotNullWhen(true)] out Address? address, out string error)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty";
            return false;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            error = "expected protocol://system";
            return false;
        }

        var protocol = text[..schemeEnd];
        var rest = text[(schemeEnd + 3)..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var system = at < 0 ? rest : rest[..at];
        if (!IsValidSystemName(system))
        {
            error = $"invalid system name [{system}]";
            return false;
        }

        if (at < 0)
        {
            address = new Address(protocol, system);
            error = string.Empty;
            return true;
        }

        var hostPort = rest[(at + 1)..];
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = "expected host:port after '@'";
            return false;
        }

        address = new Address(protocol, system, hostPort[..colon], port);
        error = string.Empty;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Address? other) =>
        other is not null &&
        (ReferenceEquals(this, other) ||
         (Port == other.Port &&
          string.Equals(System, other.System, StringComparison.Ordinal) &&
          string.Equals(Host, other.Host, StringComparison.Ordinal) &&
          string.Equals(Protocol, other.Protocol, StringComparison.Ordinal)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Address);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Protocol, System, Host, Port);

    /// <inheritdoc/>
    public int CompareTo(Address? other) => other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    /// <summary>Formats as <c>realm://system</c> or <c>realm://system@host:port</c>.</summary>
    public override string ToString() =>
        _text ??= Host is null
            ? $"{Protocol}://{System}"
            : string.Create(CultureInfo.InvariantCulture, $"{Protocol}://{System}@{Host}:{Port}");

    /// <summary>Ordering by the textual form.</summary>
    public static bool operator <(Address? left, Address? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Ordering by the textual form.</summary>
    public static bool operator <=(Address? left, Address? right) => left is null || left.CompareTo(right) <= 0;

    /// <summary>Ordering by the textual form.</summary>
    public static bool operator >(Address? left, Address? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Ordering by the textual form.</summary>
    public static bool operator >=(Address? left, Address? right) => left is null ? right is null : left.CompareTo(right) >= 0;

    /// <summary>Value equality.</summary>
    public static bool operator ==(Address? left, Address? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Address? left, Address? right) => !(left == right);
}
