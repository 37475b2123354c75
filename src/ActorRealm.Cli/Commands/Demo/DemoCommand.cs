using System.CommandLine;
using System.Runtime.InteropServices;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// <c>actorrealm demo</c>: the documents' layout on this machine. Two sites of nodes (the first
/// site prime) and the persistence cluster (<c>_setA</c> primary at the first site, <c>_setB</c>
/// standby at the second) as child <c>actorrealm node</c> processes on 127.0.0.1, with generated
/// certificates, join secret and admin token under a temporary folder; waits until all are Up and
/// both sets have a leader, prints the status, both realm servers' views of the persistence servers
/// and how to query them, and on Ctrl-C or SIGTERM stops every process cleanly.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The demo's <c>downing.stable-after</c>, as the demo's messages say it.</summary>
    public const string StableAfter = "5 s";

    /// <summary>The demo's cluster timings, shorter than the defaults so that kills and switches show quickly.</summary>
    public const string DemoTimings = """
        # Shortened for the demo (defaults: stable-after 20s, min-unreachable 60s, seed-node-timeout 5s).
        downing.stable-after = 5s
        prime-switch.min-unreachable = 15s
        # All nodes start at once: a seed that asks before the first seed is ready asks again only after this.
        join.seed-node-timeout = 1s
        """;

    /// <summary>The layout run when <c>--sites</c> is not given: the document's three nodes per site.</summary>
    public const string DefaultSites = "main:3,dr:3";

    /// <summary>The persistence servers per set when <c>--persistence-servers</c> is not given: the document's three.</summary>
    public const int DefaultServersPerSet = 3;

    /// <summary>The first cluster port when <c>--base-port</c> is not given.</summary>
    public const int DefaultBasePort = 25520;

    public static Command Create()
    {
        var sites = new Option<string>("--sites") { Description = "Sites and node counts; the first site is prime.", DefaultValueFactory = _ => DefaultSites };
        var basePort = new Option<int>("--base-port") { Description = "First cluster port; admin ports start 100 above.", DefaultValueFactory = _ => DefaultBasePort };
        var servers = new Option<int>("--persistence-servers")
        {
            Description = "Persistence servers in each of the two sets (_setA primary at the first site, _setB standby at the second); 0 runs none. Default: 3 with two or more sites, else 0.",
        };
        var folder = new Option<DirectoryInfo>("--dir") { Description = "Folder for the generated files, data and logs, kept after the demo (default: a new temporary folder, removed when the demo stops)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary folder (certificates, keys, join secret, admin token, data, logs) after the demo stops." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every node to be Up.", DefaultValueFactory = _ => 120 };
        var command = new Command("demo", "Run a two-site realm on this machine (default main:3,dr:3, prime = main, with 3+3 persistence servers) until Ctrl-C.")
        {
            sites,
            basePort,
            servers,
            folder,
            keep,
            timeout,
        };
        command.Validators.Add(result =>
        {
            // While validators run, an option left out has no result and no value yet: use its default.
            var layoutText = result.GetResult(sites) is null ? DefaultSites : result.GetValue(sites) ?? string.Empty;
            var port = result.GetResult(basePort) is null ? DefaultBasePort : result.GetValue(basePort);
            var perSet = ServersPerSet(layoutText, result.GetResult(servers) is null ? null : result.GetValue(servers));
            if (!RealmLayout.TryParse(layoutText, port, out _, out var error, perSet))
            {
                result.AddError(error);
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var layoutText = parseResult.GetRequiredValue(sites);
            var perSet = ServersPerSet(layoutText, parseResult.GetResult(servers) is { Implicit: false } ? parseResult.GetValue(servers) : null);
            RealmLayout.TryParse(layoutText, parseResult.GetValue(basePort), out var layout, out _, perSet);
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

    /// <summary>The servers per set: as given, else the document's three when there are two sites to put the sets at, else none.</summary>
    private static int ServersPerSet(string sites, int? given) =>
        given ?? (sites.Split(',', StringSplitOptions.RemoveEmptyEntries).Length >= 2 ? DefaultServersPerSet : 0);

    private static Action<PosixSignalContext> Cancel(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true;
        stop.Cancel();
    };
}
