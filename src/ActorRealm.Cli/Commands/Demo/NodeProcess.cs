using System.Diagnostics;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// A child <c>actorrealm node</c> process: its output goes to a log file, its standard input is a
/// pipe it watches (<c>--stop-on-stdin-close</c>), so it stops when this process ends in any way.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();

    private NodeProcess(string name, Process process, StreamWriter log, string logFile)
    {
        Name = name;
        _process = process;
        _log = log;
        LogFile = logFile;
    }

    /// <summary>The node's name.</summary>
    public string Name { get; }

    /// <summary>The file its standard output and error go to.</summary>
    public string LogFile { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <c>actorrealm node --config FILE --stop-on-stdin-close</c> without ACTORREALM__* variables of this process,
    /// with <paramref name="environment"/> set (the chaos harness's planted-fault gate), through <paramref name="wrapper"/>
    /// when given (the chaos harness's <c>ip netns exec</c>, which keeps the process id).
    /// </summary>
    public static NodeProcess Start(NodeLauncher launcher, string name, string configFile, string logFile, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? wrapper = null)
    {
        var info = launcher.StartInfo(["node", "--config", configFile, "--stop-on-stdin-close"], wrapper);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = workingDirectory;
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ACTORREALM", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            // The generated configuration is the whole truth; the caller's overrides would break it.
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var node = new NodeProcess(name, process, log, logFile);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Kills the process at once (SIGKILL): no leave, no clean-up, like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Freezes the process (SIGSTOP): it holds its connections and answers nothing, like a long GC pause or a hung host.</summary>
    public bool Pause() => !_process.HasExited && ProcessSignals.Pause(_process);

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public bool Resume() => !_process.HasExited && ProcessSignals.Resume(_process);

    /// <summary>Asks the node to stop gracefully: SIGTERM (Unix) and the end of its standard input.</summary>
    public void RequestStop()
    {
        if (_process.HasExited)
        {
            return;
        }

        ProcessSignals.Terminate(_process);
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already closed.
        }
    }

    /// <summary>Waits for the process to exit; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return _process.HasExited;
        }
    }

    /// <summary>The last lines of the log file.</summary>
    public IReadOnlyList<string> Tail(int lines)
    {
        lock (_gate)
        {
            try
            {
                using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                return all[Math.Max(0, all.Length - lines)..];
            }
            catch (IOException)
            {
                return [];
            }
        }
    }

    /// <summary>Stops gracefully, waiting up to <paramref name="grace"/>, then kills; releases everything.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        RequestStop();
        if (!await WaitForExitAsync(grace).ConfigureAwait(false))
        {
            Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the process if it still runs, and closes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after disposal is dropped.
            }
        }
    }
}
