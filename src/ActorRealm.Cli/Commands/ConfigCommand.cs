using System.CommandLine;
using ActorRealm.Hocon;
using ActorRealm.Server;
using ActorRealm.Server.PersistenceServer;

namespace ActorRealm.Cli.Commands;

/// <summary><c>actorrealm config</c>: render or validate a configuration, print the reference configuration.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Command("config", "Work with HOCON configuration files.");
        config.Subcommands.Add(Render());
        config.Subcommands.Add(Validate());
        config.Subcommands.Add(Reference());
        return config;
    }

    private static Command Render()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The HOCON file to render." };
        var withReference = new Option<bool>("--with-reference")
        {
            Description = "Layer the embedded defaults of every module underneath the file (it may then refer to them).",
        };
        var withEnvironment = new Option<bool>("--with-environment")
        {
            Description = "Apply ACTORREALM__* environment overrides on top, as a node does.",
        };
        var render = new Command("render", "Print the fully resolved configuration as JSON; errors go to stderr as file:line:column: message.")
        {
            file,
            withReference,
            withEnvironment,
        };
        render.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var config = ConfigFactory.ParseFile(parseResult.GetRequiredValue(file).ToString());
                if (parseResult.GetValue(withReference))
                {
                    config = config.WithFallback(ReferenceCatalog.Reference());
                }

                if (parseResult.GetValue(withEnvironment))
                {
                    config = ConfigFactory.EnvironmentOverrides().WithFallback(config);
                }

                output.Write(config.Resolve().ToJson() + "\n");
                return 0;
            }
            catch (HoconException e)
            {
                error.WriteLine(e.Message);
                return 1;
            }
        });
        return render;
    }

    /// <summary>
    /// <c>config validate FILE</c>: what a node would make of the file, without starting it. Unknown
    /// settings under <c>actorrealm</c> (with the closest known key) and every problem the node would
    /// refuse to start for are errors, exit 1; its start-up warnings are printed too.
    /// </summary>
    private static Command Validate()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The node's HOCON configuration file." };
        var validate = new Command("validate", "Check a node configuration as the node would (defaults, file, environment overrides; a persistence server's as a persistence server): unknown settings and every problem, as file:line:column: message; exit 1 if any.")
        {
            file,
        };
        validate.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            Config config;
            try
            {
                config = NodeCommand.Load(parseResult.GetRequiredValue(file));
            }
            catch (HoconException e)
            {
                error.WriteLine(e.Message);
                return 1;
            }

            var problems = UnknownSettings.Find(config, ReferenceCatalog.Reference()).Select(u => u.Message).ToList();
            var warnings = new List<string>();
            try
            {
                // A persistence server's file is checked as a persistence server starts it (NodeHost chooses the same way).
                warnings.AddRange(PersistenceServerConfiguration.IsPersistenceServer(config)
                    ? PersistenceServerConfiguration.From(config).Warnings
                    : NodeConfiguration.From(config).Warnings);
            }
            catch (NodeStartupException e)
            {
                problems.AddRange(e.Problems);
            }

            foreach (var warning in warnings)
            {
                error.WriteLine($"warning: {warning}");
            }

            foreach (var problem in problems)
            {
                error.WriteLine(problem);
            }

            if (problems.Count > 0)
            {
                error.WriteLine($"{problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")} in {parseResult.GetRequiredValue(file).FullName}.");
                return 1;
            }

            output.WriteLine($"{parseResult.GetRequiredValue(file).FullName}: valid{(warnings.Count > 0 ? $", with {warnings.Count} warning{(warnings.Count == 1 ? string.Empty : "s")}" : string.Empty)}.");
            return 0;
        });
        return validate;
    }

    private static Command Reference()
    {
        var reference = new Command("reference", "Print the combined reference configuration (the content of hocon/reference.conf).");
        reference.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Output.Write(ReferenceCatalog.CombinedText());
            return 0;
        });
        return reference;
    }
}
