using System.CommandLine;

namespace ActorRealm.Cli.Commands;

/// <summary>The sub-commands of <c>actorrealm</c>; each lives in its own file and is listed here once.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ConfigCommand.Create();
        yield return CertsCommand.Create();
        yield return BenchCommand.Create();
        yield return NodeCommand.Create();
        yield return StatusCommand.Create();
        yield return PrimeCommand.Create();
        yield return PersistenceCommand.Create();
        yield return Channels.PublishCommand.Create();
        yield return Channels.ConsumeCommand.Create();
        yield return HealthCommand.Create();
        yield return Demo.DemoCommand.Create();
        yield return Chaos.ChaosCommand.Create();
        yield return Journal.JournalCommand.Create();
    }
}
