namespace ActorRealm.Server;

/// <summary>
/// The node refuses to start: invalid configuration, missing certificates or secrets, a port in use,
/// or a store that cannot be opened. <see cref="Problems"/> lists every problem found, each naming
/// the setting or resource to fix.
/// </summary>
public sealed class NodeStartupException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public NodeStartupException(IReadOnlyList<string> problems)
        : base(Describe(problems)) => Problems = problems;

    /// <summary>Creates the exception with a default message.</summary>
    public NodeStartupException()
        : this(["the node could not start."])
    {
    }

    /// <summary>Creates the exception with one problem.</summary>
    public NodeStartupException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    public NodeStartupException(string message, Exception innerException)
        : base(Describe([message]), innerException) => Problems = [message];

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems) =>
        "The node refuses to start:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p));
}
