using System.CommandLine;
using ActorRealm.Hocon;

namespace ActorRealm.Cli.Commands;

/// <summary><c>actorrealm config</c>: render a configuration, print the reference configuration.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Command("config", "Work with HOCON configuration files.");
        config.Subcommands.Add(Render());
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
