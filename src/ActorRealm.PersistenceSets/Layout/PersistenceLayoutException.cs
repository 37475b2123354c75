namespace ActorRealm.PersistenceSets.Layout;

/// <summary>
/// The persistence set layout is invalid; the process refuses to start. <see cref="Problems"/> lists
/// every problem found, each naming the setting to fix (and where it was written, when known).
/// </summary>
public sealed class PersistenceLayoutException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public PersistenceLayoutException(IReadOnlyList<string> problems)
        : base(Describe(problems)) => Problems = problems;

    /// <summary>Creates the exception with a default message.</summary>
    public PersistenceLayoutException()
        : this(["the layout could not be read."])
    {
    }

    /// <summary>Creates the exception with one problem.</summary>
    public PersistenceLayoutException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    public PersistenceLayoutException(string message, Exception innerException)
        : base(Describe([message]), innerException) => Problems = [message];

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems) =>
        $"Invalid persistence set layout ({problems.Count} {(problems.Count == 1 ? "problem" : "problems")}):" +
        string.Concat(problems.Select(p => Environment.NewLine + "  - " + p));
}
