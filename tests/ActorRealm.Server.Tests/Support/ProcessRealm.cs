using System.Text;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Server.Admin;

namespace ActorRealm.Server.Tests.Support;

/// <summary>
/// Real <c>actorrealm node</c> processes of this build on loopback, one per node of a <see cref="LocalRealm"/>.
/// Every process is killed on dispose, whatever happened in the test.
/// </summary>
internal sealed class ProcessRealm : IAsyncDisposable
{
    private readonly Dictionary<string, NodeProcess> _processes = new(StringComparer.Ordinal);

    public ProcessRealm(LocalRealm realm) => Realm = realm;

    public LocalRealm Realm { get; }

    public NodeProcess this[string node] => _processes[node];

    public void StartAll()
    {
        foreach (var node in Realm.Layout.Nodes)
        {
            _processes[node.Name] = NodeProcess.Start(NodeLauncher.Current(), node.Name, Realm.Files.NodeConfigs[node.Name], Realm.Files.LogFile(node.Name), Realm.Directory);
        }
    }

    /// <summary>The status <paramref name="observer"/> serves.</summary>
    public async Task<NodeStatusView> StatusAsync(string observer)
    {
        using var client = Realm.Client(observer);
        return (await client.StatusAsync(CancellationToken.None)).Status;
    }

    /// <summary>Waits until <paramref name="observer"/> serves a status that satisfies <paramref name="predicate"/>; failures show every node's log tail.</summary>
    public Task<NodeStatusView> WaitForAsync(string observer, Func<NodeStatusView, bool> predicate, TimeSpan timeout, string what) =>
        Eventually.Until(
            async () =>
            {
                ThrowIfAnyExitedUnexpectedly();
                var status = await StatusAsync(observer);
                return predicate(status) ? status : null;
            },
            timeout,
            what,
            Describe);

    /// <summary>The processes that are expected to run: all but those the test stopped.</summary>
    public HashSet<string> Stopped { get; } = new(StringComparer.Ordinal);

    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var (name, process) in _processes)
        {
            sb.Append('\n').Append($"--- {name} ({(process.HasExited ? $"exited {process.ExitCode}" : "running")}), {process.LogFile}:");
            foreach (var line in process.Tail(12))
            {
                sb.Append("\n  ").Append(line.Length > 300 ? line[..300] : line);
            }
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            await process.DisposeAsync();
        }
    }

    private void ThrowIfAnyExitedUnexpectedly()
    {
        if (_processes.FirstOrDefault(p => p.Value.HasExited && !Stopped.Contains(p.Key)) is { Value: not null } dead)
        {
            throw new NodeExitedException($"Node {dead.Key} exited with code {dead.Value.ExitCode}.{Describe()}");
        }
    }
}

/// <summary>A node process exited that the test did not stop: waiting on is pointless, so <see cref="Eventually"/> does not retry it.</summary>
internal sealed class NodeExitedException(string message) : Exception(message);
