using System.CommandLine;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.PersistenceSets.Server;

namespace ActorRealm.Cli.Commands.Chaos;

/// <summary>
/// <c>actorrealm chaos --minutes M --seed S</c>: a realm of real processes on loopback under seeded faults, its history
/// judged by <see cref="ChaosChecker"/> (ADR 0079). Progress on standard error; the verdict, one JSON line, on standard
/// output; exit 0 when it passed, 1 on any violation.
/// </summary>
internal static class ChaosCommand
{
    /// <summary>The exit code of a run with violations.</summary>
    public const int Violations = 1;

    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "How long to inject faults (the read-back and check follow).", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "The fault schedule's seed (the same seed picks the same faults; timing still varies).", DefaultValueFactory = _ => 1 };
        var cutOverEvery = new Option<int>("--cutover-every")
        {
            Description = "Every how many fault cycles the primary site is stopped whole, the administrator switches the prime site and cuts over, and the site returns (0: never).",
            DefaultValueFactory = _ => 25,
        };
        var cycles = new Option<int>("--cycles") { Description = "Stop injecting after this many fault cycles even if time is left (0: as many as --minutes allows)." };
        var planted = new Option<string?>("--planted-fault")
        {
            Description = "TESTING ONLY, never for production: plant a fault in every persistence server (ack-before-majority-durable or skip-epoch-check) to prove the checker catches it.",
        };
        planted.AcceptOnlyFromAmong("ack-before-majority-durable", "skip-epoch-check");
        var partitions = new Option<bool>("--partitions")
        {
            Description = "Cut links too: one process from all others, the WAN between the sites (Linux, as root: the run moves into network namespaces of its own, removed when it ends).",
        };
        var mistaken = new Option<int>("--mistaken-switch-every")
        {
            Description = "With --partitions: every how many fault cycles the WAN is cut and the administrator mistakenly switches the prime site and cuts over while the primary site still serves, until the WAN heals (0: never).",
        };
        var json = new Option<bool>("--json") { Description = "Nothing but the verdict line (JSON either way, on standard output); without it a PASS or FAIL line precedes it on standard error." };
        var keep = new Option<bool>("--keep") { Description = "Keep the realm's folder (configuration, data, exports, every process's log) after the run." };
        var command = new Command("chaos", "Start a realm of real processes on loopback (2 realm servers, primary and standby sets of 3), publish and subscribe through the client library under seeded faults (kill -9, SIGSTOP pauses, with --partitions cut links and mistaken prime switches, site loss with cut-over), read everything back and check it: one JSON verdict line, exit 1 on any violation.")
        {
            minutes, seed, cycles, cutOverEvery, planted, partitions, mistaken, json, keep,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(minutes) is not null && result.GetValue(minutes) is <= 0 or > 24 * 60)
            {
                result.AddError("--minutes must lie within 0..1440 (more than 0).");
            }

            if (result.GetResult(cycles) is not null && result.GetValue(cycles) < 0)
            {
                result.AddError("--cycles must be 0 (no limit but --minutes) or more.");
            }

            if (result.GetResult(cutOverEvery) is not null && result.GetValue(cutOverEvery) < 0)
            {
                result.AddError("--cutover-every must be 0 (never) or more.");
            }

            if (result.GetResult(mistaken) is not null && result.GetValue(mistaken) < 0)
            {
                result.AddError("--mistaken-switch-every must be 0 (never) or more.");
            }
            else if (result.GetValue(mistaken) > 0 && !result.GetValue(partitions))
            {
                result.AddError("--mistaken-switch-every needs --partitions: the primary site must be cut off alive, not stopped.");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            if (result.GetValue(partitions) && !ChaosNetwork.Inside)
            {
                if (ChaosNetwork.Unavailable() is { } why)
                {
                    await error.WriteLineAsync(why);
                    return 2;
                }

                // The run moves into namespaces of its own: the same command line, run again under unshare.
                return await ChaosNetwork.RunInsideAsync([.. result.Tokens.Select(t => t.Value)], cancellationToken);
            }

            var faults = result.GetValue(planted) switch
            {
                "ack-before-majority-durable" => new PlantedFaults(AckBeforeMajorityDurable: true),
                "skip-epoch-check" => new PlantedFaults(SkipEpochCheck: true),
                _ => PlantedFaults.None,
            };
            var options = new ChaosOptions(TimeSpan.FromMinutes(result.GetValue(minutes)), result.GetValue(seed), result.GetValue(cutOverEvery), faults, result.GetValue(partitions), result.GetValue(cycles), result.GetValue(mistaken));
            ProcessSignals.StopIgnoringInterrupt();
            var directory = Directory.CreateTempSubdirectory("actorrealm-chaos-");
            var output = result.InvocationConfiguration.Output;
            var console = Console.Out;
            // The clients' actor systems log warnings to the console: on standard error, so that standard output
            // holds the verdict line alone.
            Console.SetOut(Console.Error);
            try
            {
                var (line, passed) = await ChaosRun.RunAsync(options, directory.FullName, error, cancellationToken);
                if (!result.GetValue(json))
                {
                    await error.WriteLineAsync(passed ? "chaos: PASS" : "chaos: FAIL (the verdict line says what broke)");
                }

                await output.WriteLineAsync(line);
                return passed ? 0 : Violations;
            }
            finally
            {
                Console.SetOut(console);
                if (result.GetValue(keep))
                {
                    await error.WriteLineAsync($"kept {directory.FullName}");
                }
                else
                {
                    directory.Delete(recursive: true);
                }
            }
        });
        return command;
    }
}
