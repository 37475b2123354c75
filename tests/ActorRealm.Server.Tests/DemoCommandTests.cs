using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Server.Tests.Support;
using ActorRealm.TestSupport;

namespace ActorRealm.Server.Tests;

/// <summary><c>actorrealm demo</c> as a real process: it stops its nodes on SIGTERM and SIGINT, and its nodes stop when it is killed.</summary>
public sealed partial class DemoCommandTests
{
    // The whole start (nodes up, 6 persistence servers settled, a sample published and on the standby): the demo's own
    // --timeout (120 s) bounds each phase and fails loudly; under CI's two lanes one start took 29 s to have its nodes
    // up and 71 s to settle its sets, and printed "Press Ctrl-C" only after 120 s (5 December 2026).
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(240);

    /// <summary>
    /// SIGTERM (a service manager) and SIGINT (Ctrl-C) both stop every node cleanly, after the demo
    /// showed the realm; SIGINT too when the demo was started with it ignored (a background job, a
    /// parent that ignores it), as a test run in the background starts it.
    /// </summary>
    [Theory]
    [InlineData("TERM", false)]
    [InlineData("INT", false)]
    [InlineData("INT", true)]
    public async Task A_stop_signal_stops_every_node_cleanly(string signal, bool startedWithInterruptIgnored)
    {
        using var dir = new TempDirectory();
        // SIGTERM's run also shows that --keep keeps the temporary folder, and runs the document's persistence
        // cluster (3 + 3 servers): both realm servers' views, each with the other site's servers offline.
        var keep = signal == "TERM";
        await using var demo = keep ? DemoProcess.Start(dir.Path, temporaryFolder: true, keep: true, serversPerSet: 3) : DemoProcess.Start(dir.Path, startedWithInterruptIgnored);
        var pids = await demo.WaitUntilUpAsync();
        Assert.Contains("site main (prime)", demo.Output, StringComparison.Ordinal);
        Assert.Contains("site dr", demo.Output, StringComparison.Ordinal);
        Assert.Matches(@"main-1\s+https://127\.0\.0\.1:\d+/api/status", demo.Output);
        Assert.Matches(@"dr-1\s+https://127\.0\.0\.1:\d+/api/status", demo.Output);
        if (keep)
        {
            Assert.Contains("Published 5 messages to channel 'demo.orders' through the client library: offsets 0-4", demo.Output, StringComparison.Ordinal);
            Assert.Matches(@"as realm server main-1 \(site main\) sees them(.|\n)*_setA at site main \(primary, epoch 0, leader a\d\), 3 of 3 live here(.|\n)*│ b1 .*offline: defined in the realm, not a client of this realm server", demo.Output);
            Assert.Matches(@"as realm server dr-1 \(site dr\) sees them(.|\n)*│ a1 .*offline: defined in the realm, not a client of this realm server(.|\n)*_setB at site dr \(standby, epoch 0, leader b\d\), 3 of 3 live here", demo.Output);
        }

        using (var kill = Process.Start("kill", [$"-{signal}", demo.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.True(kill.ExitCode == 0, $"kill -{signal} failed");
        }

        Assert.True(await demo.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the demo did not exit:{demo.Output}");

        Assert.Equal(0, demo.Process.ExitCode);
        Assert.Contains("main-1: exit code 0", demo.Output, StringComparison.Ordinal);
        Assert.Contains("dr-1: exit code 0", demo.Output, StringComparison.Ordinal);
        Assert.All(keep ? ["a1", "a2", "a3", "b1", "b2", "b3"] : Array.Empty<string>(), server => Assert.Contains($"{server}: exit code 0", demo.Output, StringComparison.Ordinal));
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"node process {pid} outlived the demo"));
        var folder = keep ? Assert.Single(Directory.GetDirectories(dir.Path, "actorrealm-demo-*")) : dir.Path;
        Assert.True(File.Exists(Path.Combine(folder, "admin-token")), demo.Output);
        Assert.Contains($"Files, data and logs remain in {folder}", demo.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A node killed with SIGKILL is reported at once (name, pid, exit code), then as the survivor
    /// sees it until it is down; the temporary folder, with the CA key and secrets, is removed at the end.
    /// </summary>
    [Fact]
    public async Task A_killed_node_is_reported_at_once_and_the_temporary_folder_is_removed_at_the_end()
    {
        using var dir = new TempDirectory();
        await using var demo = DemoProcess.Start(dir.Path, temporaryFolder: true);
        var pids = await demo.WaitUntilUpAsync();
        var folder = Assert.Single(Directory.GetDirectories(dir.Path, "actorrealm-demo-*"));
        Assert.Contains($"Files, data and logs: {folder} (removed when the demo stops", demo.Output, StringComparison.Ordinal);

        using (var victim = Process.GetProcessById(pids[1]))
        {
            victim.Kill();
        }

        var exited = $"Node dr-1 (pid {pids[1]}) exited with code 137 (killed by SIGKILL)";
        await Eventually.Until(() => Task.FromResult(demo.Output.Contains(exited, StringComparison.Ordinal) ? this : null), TimeSpan.FromSeconds(10), "the demo to report the kill", () => demo.Output);
        await Eventually.Until(
            () => Task.FromResult(Regex.IsMatch(demo.Output, @"dr-1 is (down|absent \(removed from the cluster\)), as main-1 sees it") ? this : null),
            TimeSpan.FromSeconds(60),
            "the demo to report dr-1 down",
            () => demo.Output);
        Assert.True(demo.Output.IndexOf(exited, StringComparison.Ordinal) < demo.Output.IndexOf("dr-1 is ", StringComparison.Ordinal), demo.Output);

        using (var kill = Process.Start("kill", ["-TERM", demo.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.True(await demo.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the demo did not exit:{demo.Output}");
        Assert.Equal(0, demo.Process.ExitCode);
        Assert.False(Directory.Exists(folder), demo.Output);
        Assert.Contains($"Removed {folder}", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_nodes_stop_when_the_demo_is_killed()
    {
        using var dir = new TempDirectory();
        await using var demo = DemoProcess.Start(dir.Path);
        var pids = await demo.WaitUntilUpAsync();

        demo.Process.Kill();
        await demo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // Their standard input closed with the demo; their logs end there too (the demo copied them).
        await Eventually.Until(() => Task.FromResult(pids.Any(IsRunning) ? null : pids), TimeSpan.FromSeconds(60), "the orphaned nodes to stop");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex Pid();

    /// <summary>The demo as a child process, its output collected; killed with its tree on dispose.</summary>
    private sealed class DemoProcess : IAsyncDisposable
    {
        private readonly StringBuilder _output = new();
        private readonly List<int> _pids = [];

        private readonly int _processes;

        private DemoProcess(int serversPerSet) => _processes = 2 + (2 * serversPerSet);

        public Process Process { get; } = new();

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <param name="dir">The folder for the demo's files, or with <paramref name="temporaryFolder"/> its temporary folder (TMPDIR).</param>
        /// <param name="interruptIgnored">Start it with SIGINT ignored.</param>
        /// <param name="temporaryFolder">Let the demo make its own folder (no --dir).</param>
        /// <param name="keep">Pass --keep.</param>
        /// <param name="serversPerSet">Persistence servers per set (0: none, the realm alone).</param>
        public static DemoProcess Start(string dir, bool interruptIgnored = false, bool temporaryFolder = false, bool keep = false, int serversPerSet = 0)
        {
            var layout = RealmLayout.Free("main:1,dr:1", serversPerSet);
            string[] folder = temporaryFolder ? [] : ["--dir", dir];
            var info = NodeLauncher.Current().StartInfo([
                "demo", "--sites", "main:1,dr:1", "--base-port", layout.Nodes[0].Port.ToString(CultureInfo.InvariantCulture),
                "--persistence-servers", serversPerSet.ToString(CultureInfo.InvariantCulture), .. folder, .. keep ? ["--keep"] : Array.Empty<string>()]);
            var demo = new DemoProcess(serversPerSet);
            if (temporaryFolder)
            {
                info.Environment["TMPDIR"] = dir;
            }

            if (interruptIgnored)
            {
                // The shell ignores SIGINT, then becomes the demo (same pid), which inherits that.
                var wrapped = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
                foreach (var argument in new[] { "-c", "trap '' INT; exec \"$0\" \"$@\"", info.FileName }.Concat(info.ArgumentList))
                {
                    wrapped.ArgumentList.Add(argument);
                }

                info = wrapped;
            }

            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            demo.Process.StartInfo = info;
            demo.Process.OutputDataReceived += (_, e) => demo.Append(e.Data);
            demo.Process.ErrorDataReceived += (_, e) => demo.Append(e.Data);
            demo.Process.Start();
            demo.Process.BeginOutputReadLine();
            demo.Process.BeginErrorReadLine();
            return demo;
        }

        public async Task<int[]> WaitUntilUpAsync()
        {
            await Eventually.Until(
                () => Task.FromResult(Output.Contains("Press Ctrl-C", StringComparison.Ordinal) ? this : Process.HasExited ? throw new InvalidOperationException(Output) : null),
                Deadline,
                "the demo's nodes to be up",
                () => Output);
            lock (_output)
            {
                _pids.AddRange(Pid().Matches(_output.ToString()).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
            }

            Assert.Equal(_processes, _pids.Count);
            return [.. _pids];
        }

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancellation = new CancellationTokenSource(timeout);
            try
            {
                await Process.WaitForExitAsync(cancellation.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(30));
            }

            foreach (var pid in _pids)
            {
                try
                {
                    using var node = Process.GetProcessById(pid);
                    node.Kill();
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.Append(line).Append('\n');
                }
            }
        }
    }
}
