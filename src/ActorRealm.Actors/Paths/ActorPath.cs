using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ActorRealm.Actors;

/// <summary>
/// The location of an actor: an <see cref="Address"/> followed by names, e.g.
/// <c>realm://system@host:port/user/a/b</c>. Equality ignores <see cref="Uid"/> (which tells
/// incarnations at the same path apart); refs compare both.
/// </summary>
public abstract class ActorPath : IEquatable<ActorPath>, IComparable<ActorPath>
{
    /// <summary>The uid meaning "any incarnation".</summary>
    public const long UndefinedUid = 0;

    private protected ActorPath()
    {
    }

    /// <summary>The address of the actor system holding the actor.</summary>
    public abstract Address Address { get; }

    /// <summary>The last element (the actor's name); <c>/</c> for the root.</summary>
    public abstract string Name { get; }

    /// <summary>The parent path, or null for the root.</summary>
    public abstract ActorPath? Parent { get; }

    /// <summary>The root of this path.</summary>
    public abstract RootActorPath Root { get; }

    /// <summary>The incarnation uid, or <see cref="UndefinedUid"/>.</summary>
    public abstract long Uid { get; }

    /// <summary>The number of names below the root.</summary>
    public abstract int Depth { get; }

    /// <summary>The names below the root, outermost first (e.g. <c>user</c>, <c>a</c>, <c>b</c>).</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new string[Depth];
            for (ActorPath p = this; p is ChildActorPath child; p = child.Parent)
            {
                elements[child.Depth - 1] = child.Name;
            }

            return elements;
        }
    }

    /// <summary>Creates the path of a child with the given name (validated).</summary>
    /// <exception cref="InvalidActorNameException">The name is not a valid path element.</exception>
    public ActorPath Child(string name)
    {
        ValidateName(name, allowReservedPrefix: true);
        return new ChildActorPath(this, name, UndefinedUid);
    }

    /// <summary>Creates the path of a child with the given name.</summary>
    public static ActorPath operator /(ActorPath parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.Child(name);
    }

    /// <summary>Returns the same path with another uid.</summary>
    public abstract ActorPath WithUid(long uid);

    /// <summary>True when <paramref name="name"/> may be used as a path element (letters, digits, <c>-_.*$+:@&amp;=,!~';</c> and <c>%XX</c> escapes).</summary>
    public static bool IsValidPathElement([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '%')
            {
                if (i + 2 >= name.Length || !char.IsAsciiHexDigit(name[i + 1]) || !char.IsAsciiHexDigit(name[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (c == '$')
            {
                if (i != 0)
                {
                    return false;
                }
            }
            else if (!char.IsAsciiLetterOrDigit(c) && "-_.*+:@&=,!~';".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="InvalidActorNameException"/> with the reason when the name is not acceptable.</summary>
    internal static void ValidateName(string? name, bool allowReservedPrefix)
    {
        if (name is null)
        {
            throw new InvalidActorNameException("Actor name must not be null.");
        }

        if (name.Length == 0)
        {
            throw new InvalidActorNameException("Actor name must not be empty.");
        }

        if (!allowReservedPrefix && name[0] == '$')
        {
            throw new InvalidActorNameException($"Actor name [{name}] must not start with '$': that prefix is reserved for generated names.");
        }

        if (!IsValidPathElement(name))
        {
            throw new InvalidActorNameException(
                $"Invalid actor name [{name}]: use letters, digits, -_.*+:@&=,!~'; or %XX escapes ('$' only as the first character of generated names).");
        }
    }

    /// <summary>Parses a full path such as <c>realm://sys@host:1234/user/a#42</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid actor path.</exception>
    public static ActorPath Parse(string text)
    {
        if (!TryParse(text, out var path, out var error))
        {
            throw new FormatException($"Invalid actor path [{text}]: {error}");
        }

        return path;
    }

    /// <summary>Tries to parse a full actor path; see <see cref="Parse"/>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ActorPath? path) => TryParse(text, out path, out _);

    private static bool TryParse(string? text, [NotNullWhen(true)] out ActorPath? path, out string error)
    {
        path = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty";
            return false;
        }

        if (!Address.TryParsePrefix(text, out var address, out var end, out error))
        {
            return false;
        }

        var uid = UndefinedUid;
        var rest = text.AsSpan(end);
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            if (!long.TryParse(rest[(hash + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out uid))
            {
                error = "the uid after '#' is not a number";
                return false;
            }

            rest = rest[..hash];
        }

        ActorPath current = new RootActorPath(address);
        foreach (var range in rest.Split('/'))
        {
            var segment = rest[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            var name = segment.ToString();
            if (!IsValidPathElement(name))
            {
                error = $"invalid path element [{name}]";
                return false;
            }

            current = new ChildActorPath(current, name, UndefinedUid);
        }

        path = uid == UndefinedUid ? current : current.WithUid(uid);
        error = string.Empty;
        return true;
    }

    /// <summary>The path without the address, e.g. <c>/user/a/b</c>.</summary>
    public string ToStringWithoutAddress()
    {
        if (this is RootActorPath)
        {
            return "/";
        }

        var builder = new StringBuilder();
        AppendElements(builder);
        return builder.ToString();
    }

    /// <summary>The path with another address in front (how a local path is shown to a remote system).</summary>
    public string ToStringWithAddress(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var builder = new StringBuilder(address.ToString());
        if (this is RootActorPath)
        {
            builder.Append('/');
        }
        else
        {
            AppendElements(builder);
        }

        return builder.ToString();
    }

    /// <summary>The full path with the uid suffix (<c>#uid</c>) when defined; <see cref="Parse"/> reads it back.</summary>
    public string ToSerializationFormat() =>
        Uid == UndefinedUid ? ToString() : string.Create(CultureInfo.InvariantCulture, $"{this}#{Uid}");

    /// <summary>The full path, e.g. <c>realm://sys/user/a</c>.</summary>
    public override string ToString() => ToStringWithAddress(Address);

    private void AppendElements(StringBuilder builder)
    {
        if (this is ChildActorPath child)
        {
            child.Parent.AppendElements(builder);
            builder.Append('/').Append(child.Name);
        }
    }

    /// <inheritdoc/>
    public bool Equals(ActorPath? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Depth != Depth)
        {
            return false;
        }

        ActorPath left = this;
        ActorPath right = other;
        while (left is ChildActorPath l && right is ChildActorPath r)
        {
            if (!string.Equals(l.Name, r.Name, StringComparison.Ordinal))
            {
                return false;
            }

            left = l.Parent;
            right = r.Parent;
            if (ReferenceEquals(left, right))
            {
                return true;
            }
        }

        return left.Address.Equals(right.Address);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (ActorPath p = this; p is ChildActorPath child; p = child.Parent)
        {
            hash.Add(child.Name, StringComparer.Ordinal);
        }

        hash.Add(Address);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public int CompareTo(ActorPath? other) => other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    /// <summary>Ordering by the textual form.</summary>
    public static bool operator <(ActorPath? left, ActorPath? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Ordering by the textual form.</summary>
    public static bool operator <=(ActorPath? left, ActorPath? right) => left is null || left.CompareTo(right) <= 0;

    /// <summary>Ordering by the textual form.</summary>
    public static bool operator >(ActorPath? left, ActorPath? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Ordering by the textual form.</summary>
    public static bool operator >=(ActorPath? left, ActorPath? right) => left is null ? right is null : left.CompareTo(right) >= 0;

    /// <summary>Value equality (uid ignored).</summary>
    public static bool operator ==(ActorPath? left, ActorPath? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality (uid ignored).</summary>
    public static bool operator !=(ActorPath? left, ActorPath? right) => !(left == right);
}

/// <summary>The root of an actor hierarchy (<c>realm://system/</c>).</summary>
public sealed class RootActorPath : ActorPath
{
    /// <summary>Creates the root path of the system at <paramref name="address"/>.</summary>
    public RootActorPath(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
    }

    /// <inheritdoc/>
    public override Address Address { get; }

    /// <inheritdoc/>
    public override string Name => "/";

    /// <inheritdoc/>
    public override ActorPath? Parent => null;

    /// <inheritdoc/>
    public override RootActorPath Root => this;

    /// <inheritdoc/>
    public override long Uid => UndefinedUid;

    /// <inheritdoc/>
    public override int Depth => 0;

    /// <inheritdoc/>
    public override ActorPath WithUid(long uid) =>
        uid == UndefinedUid ? this : throw new InvalidOperationException("A root path has no uid.");
}

/// <summary>A path below the root.</summary>
public sealed class ChildActorPath : ActorPath
{
    internal ChildActorPath(ActorPath parent, string name, long uid)
    {
        Parent = parent;
        Name = name;
        Uid = uid;
        Depth = parent.Depth + 1;
    }

    /// <inheritdoc/>
    public override Address Address => Root.Address;

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override ActorPath Parent { get; }

    /// <inheritdoc/>
    public override RootActorPath Root
    {
        get
        {
            ActorPath p = this;
            while (p is ChildActorPath child)
            {
                p = child.Parent;
            }

            return (RootActorPath)p;
        }
    }

    /// <inheritdoc/>
    public override long Uid { get; }

    /// <inheritdoc/>
    public override int Depth { get; }

    /// <inheritdoc/>
    public override ActorPath WithUid(long uid) => uid == Uid ? this : new ChildActorPath(Parent, Name, uid);
}
