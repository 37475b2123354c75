using System.CommandLine;
using ActorRealm.Cli;

namespace ActorRealm.Server.Tests.Support;

/// <summary>Runs <c>actorrealm</c> in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
