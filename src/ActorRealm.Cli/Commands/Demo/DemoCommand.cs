using System.CommandLine;
using System.Runtime.InteropServices;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// <c>actorrealm demo</c>: the document's layout on this machine. Two sites of nodes (the first
/// site prime) as child <c>actorrealm node</c> processes on 127.0.0.1, with generated certificates,
/// join secret and admin token under a temporary folder; waits until all are Up, prints the status
/// and how to query it, and on Ctrl-C or SIGTERM stops every node cleanly.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The demo's <c>downing.stable-after</c>, as the demo's messages say it.</summary>
    public const string StableAfter = "5 s";

    /// <summary>The demo's cluster timings, shorter than the defaults so that kills and switches show quickly.</summary>
    public const string DemoTimings = """
        # Shortened for the demo (defaults: stable-after 20s, min-unreachable 60s).
        downing.stable-after = 5s
        prime-switch.min-unreachable = 15s
        """;

    /// <summary>The layout run when <c>--sites</c> is not given: the document's three nodes per site.</summary>
    public const string DefaultSites = "main:3,dr:3";

    /// <summary>The first cluster port when <c>--base-port</c> is not given.</summary>
    public const int DefaultBasePort = 25520;

    public static Command Create()
    {
        var sites = new Option<string>("--sites") { Description = "Sites and node counts; the first site is prime.", DefaultValueFactory = _ => DefaultSites };
        var basePort = new Option<int>("--base-port") { Description = "First cluster port; admin ports start 100 above.", DefaultValueFactory = _ => DefaultBasePort };
        var folder = new Option<DirectoryInfo>("--dir") { Description = "Folder for the generated files, data and logs, kept after the demo (default: a new temporary folder, removed when the demo stops)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary folder (certificates, keys, join secret, admin token, data, logs) after the demo stops." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every node to be Up.", DefaultValueFactory = _ => 120 };
        var command = new Command("demo", "Run a two-site realm on this machine (default main:3,dr:3, prime = main) until Ctrl-C.")
        {
            sites,
            basePort,
            folder,
            keep,
            timeout,
        };
        command.Validators.Add(result =>
        {
            // While validators run, an option left out has no result and no value yet: use its default.
            var layoutText = result.GetResult(sites) is null ? DefaultSites : result.GetValue(sites) ?? string.Empty;
            var port = result.GetResult(basePort) is null ? DefaultBasePort : result.GetValue(basePort);
            if (!RealmLayout.TryParse(layoutText, port, out _, out var error))
            {
                result.AddError(error);
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            RealmLayout.TryParse(parseResult.GetRequiredValue(sites), parseResult.GetValue(basePort), out var layout, out _);
            var chosen = parseResult.GetValue(folder)?.FullName;
            var directory = chosen ?? Path.Combine(Path.GetTempPath(), $"actorrealm-demo-{DateTime.Now:yyyyMMdd-HHmmss}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Before registering: .NET installs no SIGINT handler while the signal is ignored.
            ProcessSignals.StopIgnoringInterrupt();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel(stop));
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel(stop));
            using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel(stop));
            var run = new DemoRun(layout, directory, removeOnExit: chosen is null && !parseResult.GetValue(keep), NodeLauncher.Current(), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            return await run.RunAsync(TimeSpan.FromSeconds(parseResult.GetValue(timeout)), stop.Token).ConfigureAwait(false);
        });
        return command;
    }

    private static Action<PosixSignalContext> Cancel(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true;
        stop.Cancel();
    };
}
