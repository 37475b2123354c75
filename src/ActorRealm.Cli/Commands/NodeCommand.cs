using System.CommandLine;
using ActorRealm.Hocon;
using ActorRealm.Server;

namespace ActorRealm.Cli.Commands;

/// <summary><c>actorrealm node</c>: runs one realm server node until SIGTERM or Ctrl-C, then leaves the realm gracefully.</summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = "The node's HOCON configuration; layered over the defaults, under ACTORREALM__* environment overrides. " +
                "Without it the node is configured by the defaults and the environment alone.",
        };
        var stdin = new Option<bool>("--stop-on-stdin-close")
        {
            Description = "Stop gracefully when standard input closes (used by `actorrealm demo` so nodes never outlive it).",
        };
        var command = new Command("node", "Run a realm server node: cluster transport, cluster membership, admin API. Exit 0 after a graceful stop, 1 when it refuses to start.")
        {
            config,
            stdin,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            Config resolved;
            try
            {
                resolved = Load(parseResult.GetValue(config));
            }
            catch (HoconException e)
            {
                await error.WriteLineAsync($"The node refuses to start: {e.Message}").ConfigureAwait(false);
                return NodeHost.StartFailed;
            }

            var options = new NodeHostOptions
            {
                Error = error,
                StopWhenStandardInputCloses = parseResult.GetValue(stdin),
                Reference = ReferenceCatalog.Reference(),
            };
            return await NodeHost.RunAsync(resolved, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The node's configuration: environment overrides over the file over every module's defaults, resolved.</summary>
    /// <exception cref="HoconException">The file is missing or invalid, or a substitution cannot be resolved.</exception>
    public static Config Load(FileInfo? file)
    {
        if (file is not null && !file.Exists)
        {
            throw new HoconException($"The configuration file '{file.FullName}' does not exist.");
        }

        var application = file is null ? Config.Empty : ConfigFactory.ParseFile(file.FullName);
        return ConfigFactory.Load(application, ReferenceCatalog.Reference());
    }
}
