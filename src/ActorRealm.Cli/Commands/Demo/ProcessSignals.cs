using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>Sends SIGTERM to a child process (Unix); on Windows there is none, and closing its standard input asks it to stop.</summary>
internal static class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks <paramref name="process"/> to stop gracefully; false when it cannot be signalled.</summary>
    public static bool Terminate(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (OperatingSystem.IsWindows() || process.HasExited)
        {
            return false;
        }

        return Kill(process.Id, SigTerm) == 0;
    }

    // DllImport, not LibraryImport: the generated stub would need unsafe code, and kill(2) takes
    // only blittable ints.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
