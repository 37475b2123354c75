namespace ActorRealm.Hocon;

/// <summary>
/// The single exception type of the HOCON library: every parse, include, resolve and getter error.
/// The message reads <c>file:line:column: what was expected or what went wrong</c> when the position is known.
/// </summary>
public sealed class HoconException : Exception
{
    /// <summary>Creates an exception with a position.</summary>
    public HoconException(HoconOrigin? origin, string reason)
        : base(Format(origin, reason))
    {
        Origin = origin;
        Reason = reason;
    }

    /// <summary>Creates an exception with a position and an inner cause (for example an I/O error).</summary>
    public HoconException(HoconOrigin? origin, string reason, Exception? innerException)
        : base(Format(origin, reason), innerException)
    {
        Origin = origin;
        Reason = reason;
    }

    /// <summary>Creates an exception without a position.</summary>
    public HoconException(string reason)
        : this(null, reason)
    {
    }

    /// <summary>Creates an exception without a position, with an inner cause.</summary>
    public HoconException(string reason, Exception? innerException)
        : this(null, reason, innerException)
    {
    }

    /// <summary>Creates an exception with no detail (required by the exception design guidelines).</summary>
    public HoconException()
        : this(null, "HOCON error")
    {
    }

    /// <summary>Where the problem is, when known.</summary>
    public HoconOrigin? Origin { get; }

    /// <summary>The file (or source name) of <see cref="Origin"/>, when known.</summary>
    public string? FileName => Origin?.FileName;

    /// <summary>The 1-based line of <see cref="Origin"/>, or 0 when unknown.</summary>
    public int Line => Origin?.Line ?? 0;

    /// <summary>The 1-based column of <see cref="Origin"/>, or 0 when unknown.</summary>
    public int Column => Origin?.Column ?? 0;

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }

    /// <summary>True when the error is a substitution cycle (used to treat cycles as missing for <c>${?x}</c>).</summary>
    internal bool IsCycle { get; init; }

    private static string Format(HoconOrigin? origin, string reason) => origin is null ? reason : $"{origin}: {reason}";
}
