using ActorRealm.Server.Tests.Support;

namespace ActorRealm.Server.Tests;

/// <summary><c>actorrealm publish</c> and <c>actorrealm consume</c> against the in-process realm of <see cref="PersistenceRealmFixture"/>.</summary>
[Collection(PersistenceRealmFixture.Collection)]
public sealed class ChannelCommandsTests(PersistenceRealmFixture fixture)
{
    private string Realm => $"{PersistenceSetsRealm.Name}@{string.Join(",", fixture.Realm.ContactPoints)}";

    private string[] Tls => fixture.Realm.ClientTls is { } tls ? ["--cert", tls.Certificate, "--key", tls.PrivateKey, "--ca", tls.CaCertificate] : [];

    [Fact]
    public void Publish_prints_each_acknowledgement_and_consume_reads_from_an_offset_and_through_a_durable_subscription()
    {
        var publish = CliRunner.Run(["publish", .. Tls, "--realm", Realm, "--channel", "cli.orders", "--count", "5", "--text", "hello", "--window", "2", "--print-acks"]);
        Assert.True(publish.Exit == 0, publish.Error);
        var acks = Lines(publish.Output).Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, acks.Count);
        Assert.StartsWith("ack seq 1 offset 0 index ", acks[0], StringComparison.Ordinal);
        Assert.StartsWith("ack seq 5 offset 4 index ", acks[4], StringComparison.Ordinal);
        Assert.Contains("Published 5 messages of 5 bytes to 'cli.orders' in ", publish.Output, StringComparison.Ordinal);
        Assert.Contains("offsets 0..4", publish.Output, StringComparison.Ordinal);

        var fromTwo = CliRunner.Run(["consume", .. Tls, "--realm", Realm, "--channel", "cli.orders", "--from", "2"]);
        Assert.True(fromTwo.Exit == 0, fromTwo.Error);
        Assert.Equal(["offset 2", "offset 3", "offset 4"], Lines(fromTwo.Output).Select(l => string.Join(' ', l.Split(' ').Take(2))));
        Assert.All(Lines(fromTwo.Output), l => Assert.EndsWith("seq " + l.Split(' ')[7] + " bytes 5 text \"hello\"", l, StringComparison.Ordinal));
        Assert.Contains("3 messages read from 'cli.orders'.", fromTwo.Error, StringComparison.Ordinal);

        // A durable subscription: two messages, then the rest from where it left off.
        var firstTwo = CliRunner.Run(["consume", .. Tls, "--realm", Realm, "--channel", "cli.orders", "--durable", "audit", "--count", "2"]);
        Assert.True(firstTwo.Exit == 0, firstTwo.Error);
        Assert.Equal(2, Lines(firstTwo.Output).Count);
        Assert.Contains("Subscription 'audit' of 'cli.orders' now at offset 2.", firstTwo.Error, StringComparison.Ordinal);
        var rest = CliRunner.Run(["consume", .. Tls, "--realm", Realm, "--channel", "cli.orders", "--durable", "audit"]);
        Assert.True(rest.Exit == 0, rest.Error);
        Assert.Equal(["2", "3", "4"], Lines(rest.Output).Select(l => l.Split(' ')[1]));
        Assert.Contains("now at offset 5", rest.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        AssertError(["publish", "--realm", Realm, "--channel", ".hidden"], "--channel: The channel name '.hidden' starts with '.'");
        AssertError(["publish", "--realm", Realm, "--channel", "c", "--count", "0"], "--count must be at least 1, not 0.");
        AssertError(["publish", "--realm", Realm, "--channel", "c", "--size", "2000000"], "more than the limit of 1048576", exitCode: 1);
        AssertError(["publish", "--realm", "127.0.0.1:4053", "--channel", "c"], "--realm '127.0.0.1:4053' is not NAME@HOST:PORT[,HOST:PORT]");
        AssertError(["publish", "--realm", "test@localhost", "--channel", "c"], "--realm: 'localhost' is not HOST:PORT");
        AssertError(["publish", "--realm", Realm, "--channel", "c", "--cert", "client.crt"], "Give --cert, --key and --ca together", exitCode: 1);
        AssertError(["publish", "--realm", Realm, "--channel", "c", "--timeout", "soon"], "--timeout 'soon' is not a duration");
        AssertError(["consume", "--realm", Realm, "--channel", "c", "--from", "1", "--durable", "d"], "Give --from or --durable, not both");
        AssertError(["consume", "--realm", Realm, "--channel", "c", "--durable", "a b"], "--durable: The subscription name 'a b' contains ' '");
        AssertError(["consume", "--realm", Realm, "--channel", "c", "--from", "-1"], "--from must be an offset from 0, not -1.");

        // A realm that does not answer (the wrong name: no realm server answers it) is reported at the timeout.
        AssertError(["publish", .. Tls, "--realm", $"elsewhere@{string.Join(",", fixture.Realm.ContactPoints)}", "--channel", "c", "--timeout", "1500ms"], "error: not every message was acknowledged within 1.5 s. Check --realm", exitCode: 1);
    }

    /// <summary>Exit 2 for a usage error the parser finds, 1 for one found while running.</summary>
    private static void AssertError(string[] args, string expected, int exitCode = 2)
    {
        var (exit, _, error) = CliRunner.Run(args);
        Assert.True(exit == exitCode, $"exit {exit}: {error}");
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
