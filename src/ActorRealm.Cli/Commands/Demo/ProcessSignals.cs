using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>Sends SIGTERM to a child process (Unix); on Windows there is none, and closing its standard input asks it to stop.</summary>
internal static class ProcessSignals
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;
    private static readonly IntPtr SigDfl = IntPtr.Zero;
    private static readonly IntPtr SigIgn = new(1);

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

    /// <summary>Freezes <paramref name="process"/> (SIGSTOP, Linux numbering); false when it cannot be signalled.</summary>
    public static bool Pause(Process process) => Send(process, OperatingSystem.IsLinux() ? SigStop : 17);

    /// <summary>Lets a frozen <paramref name="process"/> run again (SIGCONT, Linux numbering); false when it cannot be signalled.</summary>
    public static bool Resume(Process process) => Send(process, OperatingSystem.IsLinux() ? SigCont : 19);

    private static bool Send(Process process, int signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        return !OperatingSystem.IsWindows() && !process.HasExited && Kill(process.Id, signal) == 0;
    }

    /// <summary>
    /// Makes SIGINT deliverable again when this process inherited it ignored (a job started in the
    /// background by a script, or by a parent that ignores it): .NET then installs no handler for it,
    /// so Ctrl-C and <c>kill -INT</c> would do nothing, and every child would inherit the ignored
    /// signal too. Returns whether it was ignored.
    /// </summary>
    public static bool StopIgnoringInterrupt()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        // struct sigaction starts with the handler on Linux and macOS; the rest is not read.
        var action = Marshal.AllocHGlobal(512);
        try
        {
            if (SigAction(SigInt, IntPtr.Zero, action) != 0 || Marshal.ReadIntPtr(action) != SigIgn)
            {
                return false;
            }

            return Signal(SigInt, SigDfl) != new IntPtr(-1);
        }
        finally
        {
            Marshal.FreeHGlobal(action);
        }
    }

    // DllImport, not LibraryImport: the generated stub would need unsafe code, and kill(2) takes
    // only blittable ints.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SigAction(int signal, IntPtr action, IntPtr oldAction);

    [DllImport("libc", EntryPoint = "signal", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr Signal(int signal, IntPtr handler);
}
