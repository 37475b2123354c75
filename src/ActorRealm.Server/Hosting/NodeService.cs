using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server;

/// <summary>The node (a realm server or a persistence server) as a hosted service: started with the host, left and stopped when the host stops.</summary>
internal sealed class NodeService(IRunningNode node, ILoggerFactory loggerFactory, bool stopWhenStandardInputCloses) : IHostedService
{
    private readonly ILogger _log = loggerFactory.CreateLogger<NodeService>();
    private bool _stopRequested;

    /// <summary>Set by the host builder before the host starts.</summary>
    public IHostApplicationLifetime? Lifetime { get; set; }

    /// <summary>0 after a graceful stop; <see cref="NodeHost.StartFailed"/> when the actor system ended on its own.</summary>
    public int ExitCode { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = node.WhenTerminated.ContinueWith(_ => OnTerminated(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        if (stopWhenStandardInputCloses)
        {
            _ = Task.Run(WatchStandardInputAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopRequested = true;
        await node.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        NodeLog.Stopped(_log);
    }

    private void OnTerminated()
    {
        if (!_stopRequested)
        {
            ExitCode = node.EndedExitCode;
            Lifetime?.StopApplication();
        }
    }

    private async Task WatchStandardInputAsync()
    {
        var buffer = new byte[256];
        await using var input = Console.OpenStandardInput();
        try
        {
            while (await input.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
                // The parent never writes; anything read is ignored until the pipe closes.
            }
        }
        catch (IOException)
        {
            // A broken pipe is the same as its end.
        }

        NodeLog.ParentGone(_log);
        Lifetime?.StopApplication();
    }
}

/// <summary>A node process's running part, as <see cref="NodeService"/> hosts it.</summary>
public interface IRunningNode
{
    /// <summary>Completes when the node ended, on request or on its own.</summary>
    Task WhenTerminated { get; }

    /// <summary>The process's exit code when the node ended on its own: <see cref="NodeHost.StartFailed"/> unless the node says otherwise.</summary>
    int EndedExitCode => NodeHost.StartFailed;

    /// <summary>Stops the node gracefully; idempotent.</summary>
    Task StopAsync();
}
