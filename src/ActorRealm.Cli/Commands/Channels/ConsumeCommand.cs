using System.CommandLine;
using System.Globalization;
using System.Text;
using ActorRealm.Client;
using ActorRealm.Contracts.Persistence;

namespace ActorRealm.Cli.Commands.Channels;

/// <summary><c>actorrealm consume</c>: reads a durable channel from an offset or through a durable subscription.</summary>
internal static class ConsumeCommand
{
    private const int Batch = 500;

    public static Command Create()
    {
        var realm = new RealmClientOptions();
        var channel = new Option<string>("--channel") { Description = $"The channel ({ChannelNames.Policy}).", Required = true };
        var from = new Option<long?>("--from") { Description = "The first offset to read (default 0)." };
        var durable = new Option<string>("--durable") { Description = "Read through this durable subscription from its stored position, and store the new position after printing." };
        var count = new Option<int?>("--count") { Description = "Read this many messages, waiting for new ones up to --timeout (default: what the channel holds now)." };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 and var n)
            {
                r.AddError($"--count must be at least 1, not {n}.");
            }
        });
        from.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is < 0 and var n)
            {
                r.AddError($"--from must be an offset from 0, not {n}.");
            }
        });
        var command = new Command(
            "consume",
            "Print the messages of a durable channel, from an offset (--from) or from a durable subscription's stored position (--durable NAME, " +
            "which then stores how far it read). One line per message: offset, log index, producer, sequence, size and the bytes as text or hex.");
        foreach (var option in realm.All.Concat([channel, from, durable, count]))
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(from) is not null && result.GetValue(durable) is not null)
            {
                result.AddError("Give --from or --durable, not both: a durable subscription reads from its stored position.");
            }

            if (result.GetValue(durable) is { } name && ChannelNames.Problem(name, "subscription") is { } problem)
            {
                result.AddError($"--durable: {problem}");
            }

            if (ChannelNames.Problem(result.GetValue(channel)) is { } channelProblem)
            {
                result.AddError($"--channel: {channelProblem}");
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var name = parseResult.GetRequiredValue(channel);
            var wanted = parseResult.GetValue(count);
            var timeout = realm.TimeoutOf(parseResult);
            try
            {
                await using var client = RealmClient.Start(realm.Settings(parseResult));
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(timeout);
                var subscription = parseResult.GetValue(durable) is { } subscriptionName
                    ? await client.SubscribeAsync(name, subscriptionName, deadline.Token).ConfigureAwait(false)
                    : null;
                var offset = subscription?.Position ?? parseResult.GetValue(from) ?? 0;
                var read = 0;
                while (wanted is null || read < wanted)
                {
                    var max = Math.Min(Batch, (wanted ?? int.MaxValue) - read);
                    IReadOnlyList<ChannelMessage> messages;
                    if (subscription is not null)
                    {
                        var skipped = subscription.SkippedByRetention;
                        messages = await subscription.ReadAsync(max, deadline.Token).ConfigureAwait(false);
                        await NoteSkippedAsync(error, name, subscription.SkippedByRetention - skipped).ConfigureAwait(false);
                    }
                    else
                    {
                        var answer = await client.ReadAsync(name, offset, max, deadline.Token).ConfigureAwait(false);
                        await NoteSkippedAsync(error, name, Math.Min(answer.FirstOffset, answer.NextOffset) - offset).ConfigureAwait(false);
                        messages = answer.Messages;
                        offset = Math.Max(offset, answer.NextOffset);
                    }

                    foreach (var message in messages)
                    {
                        await output.WriteLineAsync(Line(message)).ConfigureAwait(false);
                    }

                    read += messages.Count;
                    if (messages.Count == 0)
                    {
                        if (wanted is null)
                        {
                            break;
                        }

                        // Waiting for new messages: the deadline ends the wait.
                        await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token).ConfigureAwait(false);
                    }
                }

                if (subscription is not null)
                {
                    await subscription.CommitAsync(deadline.Token).ConfigureAwait(false);
                    await error.WriteLineAsync($"Subscription '{subscription.Name}' of '{name}' now at offset {subscription.CommittedPosition}.").ConfigureAwait(false);
                }

                await error.WriteLineAsync($"{read} message{(read == 1 ? string.Empty : "s")} read from '{name}'.").ConfigureAwait(false);
                return 0;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync(wanted is null
                    ? $"error: no answer from the realm within {timeout.TotalSeconds:0.#} s. Check --realm (the realm's name and its realm servers' cluster addresses), the TLS files, and that the persistence servers run (actorrealm persistence status)."
                    : $"error: fewer than {wanted} messages arrived within {timeout.TotalSeconds:0.#} s (or the realm did not answer).").ConfigureAwait(false);
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

    /// <summary>One message: offset, index, producer, sequence, size, then its bytes as text when they are printable UTF-8, else the first 32 in hex.</summary>
    private static async Task NoteSkippedAsync(TextWriter error, string channel, long skipped)
    {
        if (skipped > 0)
        {
            await error.WriteLineAsync($"note: retention dropped {skipped} message{(skipped == 1 ? string.Empty : "s")} of '{channel}' before they were read (actorrealm.persistence.retention); reading goes on from the first one kept.").ConfigureAwait(false);
        }
    }

    internal static string Line(ChannelMessage message)
    {
        var bytes = message.Data.Span;
        var head = string.Create(CultureInfo.InvariantCulture, $"offset {message.Offset} index {message.Index} producer {message.ProducerId} seq {message.ProducerSeq} bytes {bytes.Length}");
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
        }

        return text.Length > 0 && !text.Any(char.IsControl)
            ? $"{head} text \"{text}\""
            : $"{head} hex {Convert.ToHexStringLower(bytes[..Math.Min(32, bytes.Length)])}{(bytes.Length > 32 ? "..." : string.Empty)}";
    }
}
