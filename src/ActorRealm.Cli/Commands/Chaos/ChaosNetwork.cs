using System.Diagnostics;
using System.Globalization;
using ActorRealm.Cli.Commands.Demo;

namespace ActorRealm.Cli.Commands.Chaos;

/// <summary>
/// The chaos harness's network for partitions (ADR 0082). The harness runs in a network and mount namespace of its own
/// (<c>unshare</c>, see <see cref="RunInsideAsync"/>); in it every realm server and persistence server gets a network
/// namespace of its own with an address on one bridge (10.77.0.1, 10.77.0.2, ...), and the harness's clients sit on the
/// bridge itself (<see cref="HubAddress"/>). A cut link is a pair of <c>prohibit</c> routes, one in each end's
/// namespace: packets between the two ends go nowhere, established connections hang, new ones fail, while both still
/// reach everyone else and the clients reach both. Everything lives in namespaces that end with the harness: nothing is
/// left on the machine, even after kill -9.
/// </summary>
internal sealed class ChaosNetwork : IProcessPlacement
{
    /// <summary>Set (to 1) for the harness started inside its own namespaces.</summary>
    public const string InsideVariable = "ACTORREALM_CHAOS_NETWORK";

    /// <summary>The harness's own address on the bridge: its clients' host.</summary>
    public const string HubAddress = "10.77.0.254";

    private const string Bridge = "chaos0";
    private readonly Dictionary<string, (string Namespace, string Address)> _places = new(StringComparer.Ordinal);
    private readonly HashSet<(string From, string To)> _cut = [];

    /// <summary>Whether this process is the harness inside its own namespaces.</summary>
    public static bool Inside => Environment.GetEnvironmentVariable(InsideVariable) == "1";

    /// <summary>Why partitions cannot run on this machine, or null when they can (Linux, root, <c>unshare</c> and <c>ip</c>).</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "--partitions needs Linux (network namespaces).";
        }

        if (Environment.UserName != "root" && !Inside)
        {
            return "--partitions needs root (it creates network namespaces and routes).";
        }

        foreach (var tool in new[] { "unshare", "ip" })
        {
            var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
            if (path is null)
            {
                return $"--partitions needs '{tool}' on the PATH (util-linux, iproute2).";
            }
        }

        if (!Inside)
        {
            // A container without the right to make namespaces fails here, not halfway through a run.
            var probe = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "--net", "--mount", "--", "true" })
            {
                probe.ArgumentList.Add(argument);
            }

            using var process = Process.Start(probe);
            var error = process?.StandardError.ReadToEnd().Trim();
            process?.WaitForExit();
            if (process is null || process.ExitCode != 0)
            {
                return $"--partitions needs network and mount namespaces, and 'unshare --net --mount' failed here: {error}";
            }
        }

        return null;
    }

    /// <summary>
    /// Runs <c>actorrealm &lt;arguments&gt;</c> again inside a new network and mount namespace (<c>unshare --net
    /// --mount</c>), with the same standard input, output and error, and returns its exit code.
    /// </summary>
    public static async Task<int> RunInsideAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = NodeLauncher.Current().StartInfo(arguments, ["unshare", "--net", "--mount", "--propagation", "private", "--"]);
        info.Environment[InsideVariable] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("unshare did not start");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C reached the harness inside too (same process group): let it clean up and end.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return process.ExitCode;
    }

    /// <inheritdoc />
    public async Task PlaceAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (!Inside)
        {
            throw new InvalidOperationException("the chaos network is made inside the harness's own namespaces only (ChaosNetwork.RunInsideAsync)");
        }

        // Named namespaces are bind mounts under /run/netns: a tmpfs in this private mount namespace keeps them here.
        Directory.CreateDirectory("/run/netns");
        await RunAsync(cancellationToken, "mount", "-t", "tmpfs", "chaos-netns", "/run/netns").ConfigureAwait(false);
        await IpAsync(cancellationToken, "link", "set", "lo", "up").ConfigureAwait(false);
        await IpAsync(cancellationToken, "link", "add", Bridge, "type", "bridge").ConfigureAwait(false);
        await IpAsync(cancellationToken, "addr", "add", HubAddress + "/24", "dev", Bridge).ConfigureAwait(false);
        await IpAsync(cancellationToken, "link", "set", Bridge, "up").ConfigureAwait(false);
        for (var i = 0; i < names.Count; i++)
        {
            var space = "chaos-" + names[i];
            var address = string.Create(CultureInfo.InvariantCulture, $"10.77.0.{i + 1}");
            var veth = string.Create(CultureInfo.InvariantCulture, $"chaosv{i + 1}");
            await IpAsync(cancellationToken, "netns", "add", space).ConfigureAwait(false);
            await IpAsync(cancellationToken, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", space).ConfigureAwait(false);
            await IpAsync(cancellationToken, "link", "set", veth, "master", Bridge, "up").ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", space, "link", "set", "lo", "up").ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", space, "addr", "add", address + "/24", "dev", "eth0").ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", space, "link", "set", "eth0", "up").ConfigureAwait(false);
            _places[names[i]] = (space, address);
        }
    }

    /// <inheritdoc />
    public string HostOf(string name) => _places[name].Address;

    /// <inheritdoc />
    public IReadOnlyList<string> Wrapper(string name) => ["ip", "netns", "exec", _places[name].Namespace];

    /// <summary>Cuts the link between each pair both ways (links already cut stay cut).</summary>
    public async Task CutAsync(IEnumerable<(string A, string B)> links, CancellationToken cancellationToken)
    {
        foreach (var (a, b) in links)
        {
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                if (_cut.Add((from, to)))
                {
                    await IpAsync(cancellationToken, "-n", _places[from].Namespace, "route", "add", "prohibit", _places[to].Address + "/32").ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Restores every cut link.</summary>
    public async Task HealAsync(CancellationToken cancellationToken)
    {
        foreach (var (from, to) in _cut.ToList())
        {
            await IpAsync(cancellationToken, "-n", _places[from].Namespace, "route", "del", "prohibit", _places[to].Address + "/32").ConfigureAwait(false);
            _cut.Remove((from, to));
        }
    }

    private static Task IpAsync(CancellationToken cancellationToken, params string[] arguments) => RunAsync(cancellationToken, ["ip", .. arguments]);

    private static async Task RunAsync(CancellationToken cancellationToken, params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', command)}' failed (exit code {process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()}");
        }
    }
}
