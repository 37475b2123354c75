using System.Diagnostics;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>
/// How to start <c>actorrealm</c> of this very build as a child process: the apphost when this
/// process is it, else the <c>dotnet</c> host with this assembly (which is also what tests use).
/// </summary>
/// <param name="FileName">The program to run.</param>
/// <param name="PrefixArguments">Arguments before the command (the assembly path for <c>dotnet</c>).</param>
internal sealed record NodeLauncher(string FileName, IReadOnlyList<string> PrefixArguments)
{
    /// <summary>The launcher of the running build.</summary>
    public static NodeLauncher Current()
    {
        var assembly = typeof(Program).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly) + (OperatingSystem.IsWindows() ? ".exe" : string.Empty));
        return string.Equals(Environment.ProcessPath, apphost, StringComparison.Ordinal)
            ? new NodeLauncher(apphost, [])
            : new NodeLauncher(DotnetHost(), [assembly]);
    }

    /// <summary>The command line as a user would type it, for printed hints.</summary>
    public string Display(params string[] arguments) =>
        string.Join(' ', new[] { FileName }.Concat(PrefixArguments).Concat(arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

    /// <summary>
    /// A start info for <c>actorrealm &lt;arguments&gt;</c>, run through <paramref name="wrapper"/> when given (a
    /// program that executes the rest of its command line, e.g. <c>ip netns exec NAME</c>).
    /// </summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyList<string>? wrapper = null)
    {
        var command = new[] { FileName }.Concat(PrefixArguments).Concat(arguments);
        if (wrapper is { Count: > 0 })
        {
            command = wrapper.Concat(command);
        }

        var all = command.ToList();
        var info = new ProcessStartInfo(all[0]) { UseShellExecute = false };
        foreach (var argument in all.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static string DotnetHost()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            return process;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
