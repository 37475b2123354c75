using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorRealm.Client;
using ActorRealm.Contracts.Persistence;

namespace ActorRealm.Cli.Commands.Channels;

/// <summary><c>actorrealm publish</c>: publishes messages to a durable channel through the client library.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var realm = new RealmClientOptions();
        var channel = new Option<string>("--channel") { Description = $"The channel ({ChannelNames.Policy}).", Required = true };
        var count = new Option<int>("--count") { Description = "How many messages (default 1).", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--size") { Description = "Each message's size in bytes, filled with a pattern (default 256; ignored with --text).", DefaultValueFactory = _ => 256 };
        var text = new Option<string>("--text") { Description = "Publish this text (UTF-8) instead of patterned bytes." };
        var window = new Option<int>("--window") { Description = "The most publishes in flight (default 64).", DefaultValueFactory = _ => 64 };
        var printAcks = new Option<bool>("--print-acks") { Description = "Print each acknowledgement: producer sequence, channel offset, log index and epoch." };
        count.Validators.Add(r => Positive(r, "--count"));
        size.Validators.Add(r => Positive(r, "--size"));
        window.Validators.Add(r => Positive(r, "--window"));
        channel.Validators.Add(r =>
        {
            if (ChannelNames.Problem(r.GetValueOrDefault<string>()) is { } problem)
            {
                r.AddError($"--channel: {problem}");
            }
        });
        var command = new Command(
            "publish",
            "Publish messages to a durable channel of the realm's persistence cluster and wait until each is acknowledged (durable on a majority " +
            "of the primary set). The client finds the primary leader through the realm servers and follows it across failovers.");
        foreach (var option in realm.All.Concat([channel, count, size, text, window, printAcks]))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var name = parseResult.GetRequiredValue(channel);
            var n = parseResult.GetValue(count);
            var body = parseResult.GetValue(text) is { } words ? Encoding.UTF8.GetBytes(words) : Pattern(parseResult.GetValue(size));
            var timeout = realm.TimeoutOf(parseResult);
            try
            {
                await using var client = RealmClient.Start(realm.Settings(parseResult, parseResult.GetValue(window)));
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(timeout);
                var clock = Stopwatch.StartNew();
                var publishes = Enumerable.Range(0, n).Select(_ => client.PublishAsync(name, body, deadline.Token)).ToList();
                var acks = new List<PublishAck>(n);
                foreach (var publish in publishes)
                {
                    var ack = await publish.ConfigureAwait(false);
                    acks.Add(ack);
                    if (parseResult.GetValue(printAcks))
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ack seq {ack.ProducerSeq} offset {ack.Offset} index {ack.Index} epoch {ack.Epoch}")).ConfigureAwait(false);
                    }
                }

                var seconds = clock.Elapsed.TotalSeconds;
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Published {n} message{(n == 1 ? string.Empty : "s")} of {body.Length} bytes to '{name}' in {seconds:0.00} s ({n / Math.Max(seconds, 0.001):0} msg/s); offsets {acks[0].Offset}..{acks[^1].Offset}, producer {client.ProducerId}.")).ConfigureAwait(false);
                return 0;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"error: not every message was acknowledged within {timeout.TotalSeconds:0.#} s. Check --realm (the realm's name and its realm servers' cluster addresses), the TLS files, and that the persistence servers run (actorrealm persistence status).").ConfigureAwait(false);
                return 1;
            }
            catch (Exception e) when (e is ArgumentException or RealmRequestRefusedException)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    internal static void Positive(System.CommandLine.Parsing.OptionResult result, string name)
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{name} must be at least 1, not {result.GetValueOrDefault<int>()}.");
        }
    }

    private static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }
}
