namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// Where the processes of a <see cref="DeployedRealm"/> run when not all on 127.0.0.1 of this machine's network: the
/// chaos harness's network namespaces (<c>ChaosNetwork</c>), one per process, so that links between them can be cut.
/// </summary>
internal interface IProcessPlacement
{
    /// <summary>Prepares a place for each named process (called once, before any starts).</summary>
    Task PlaceAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>The address the process listens on and is reached at.</summary>
    string HostOf(string name);

    /// <summary>The command that runs the process in its place (e.g. <c>ip netns exec NAME</c>); it must keep the process id.</summary>
    IReadOnlyList<string> Wrapper(string name);
}
