using System.Text.Json;
using ActorRealm.Cli.Commands.Chaos;

namespace ActorRealm.Cli.Tests.Chaos;

/// <summary>The chaos checker over synthetic histories: a clean one passes, and each kind of violation is found.</summary>
public sealed class ChaosCheckerTests
{
    private const string Channel = "chaos.a";

    [Fact]
    public void A_clean_history_passes()
    {
        var findings = ChaosChecker.Check(Clean());

        Assert.True(findings.Passed, string.Join("; ", findings.Violations));
        var json = JsonDocument.Parse(ChaosVerdict.Json(Clean(), findings, new Dictionary<string, object?> { ["seed"] = 7 })).RootElement;
        Assert.Equal("pass", json.GetProperty("verdict").GetString());
        Assert.Equal(7, json.GetProperty("seed").GetInt32());
        Assert.Equal(4, json.GetProperty("acked").GetInt32());
        Assert.All(ViolationKind.All, kind => Assert.Equal(0, json.GetProperty(kind).GetInt32()));
    }

    [Fact]
    public void An_acknowledged_message_missing_from_one_source_is_lost()
    {
        var history = Clean() with { ReadBacks = [ReadBack("a1", 0, 1, 2, 3), ReadBack("b1", 0, 1, 3)] };

        var findings = ChaosChecker.Check(history);

        var lost = Assert.Single(findings.Violations);
        Assert.Equal(ViolationKind.LostAcked, lost.Kind);
        Assert.Contains("p#3", lost.Detail, StringComparison.Ordinal);
        Assert.Contains("b1", lost.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_stored_twice_is_a_duplicate()
    {
        var history = Clean() with { ReadBacks = [new ChannelReadBack("a1", Channel, [.. Stored(0, 1, 2, 3), new StoredMessage(4, Key(4))])] };

        var findings = ChaosChecker.Check(history);

        Assert.Equal(ViolationKind.Duplicate, Assert.Single(findings.Violations).Kind);
    }

    [Fact]
    public void A_producer_out_of_order_and_a_message_away_from_its_acknowledged_offset_are_order_violations()
    {
        var swapped = new ChannelReadBack("a1", Channel, [new(0, Key(1)), new(1, Key(3)), new(2, Key(2)), new(3, Key(4))]);

        var findings = ChaosChecker.Check(Clean() with { ReadBacks = [swapped] });

        Assert.Equal(ViolationKind.Order, Assert.Single(findings.Violations, v => v.Detail.Contains("after", StringComparison.Ordinal)).Kind);
        Assert.Equal(2, findings.Violations.Count(v => v.Detail.Contains("stored at", StringComparison.Ordinal)));
        Assert.All(findings.Violations, v => Assert.Equal(ViolationKind.Order, v.Kind));
    }

    [Fact]
    public void A_message_a_subscriber_read_that_was_never_acknowledged_and_vanished_is_reported()
    {
        var history = Clean() with
        {
            Deliveries = [.. Clean().Deliveries, new SubscriberDelivery("s", Channel, Key(5), 4, 900)],
        };

        var findings = ChaosChecker.Check(history);

        var vanished = Assert.Single(findings.Violations);
        Assert.Equal(ViolationKind.VanishedUnacked, vanished.Kind);
        Assert.Contains("p#5", vanished.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unacknowledged_message_a_subscriber_read_that_stayed_stored_is_fine()
    {
        var history = Clean() with
        {
            Deliveries = [.. Clean().Deliveries, new SubscriberDelivery("s", Channel, Key(5), 4, 900)],
            ReadBacks = [new ChannelReadBack("a1", Channel, [.. Stored(0, 1, 2, 3), new StoredMessage(4, Key(5))])],
        };

        Assert.True(ChaosChecker.Check(history).Passed);
    }

    [Fact]
    public void Two_leaders_of_one_set_in_one_term_are_reported()
    {
        var history = Clean() with
        {
            Samples = [Sample(1, "a1", "leader", 0, 3, true), Sample(1, "a2", "leader", 0, 3, false), Sample(2, "a1", "leader", 0, 3, true)],
        };

        var findings = ChaosChecker.Check(history);

        var two = Assert.Single(findings.Violations);
        Assert.Equal(ViolationKind.TwoLeaders, two.Kind);
        Assert.Contains("a1 and a2", two.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaders_of_successive_terms_in_one_sample_are_not_two_leaders()
    {
        // A deposed leader's report may still be the newest of its server: only one term's two leaders break the rule.
        var history = Clean() with { Samples = [Sample(1, "a1", "leader", 0, 3, false), Sample(1, "a2", "leader", 0, 4, true)] };

        Assert.True(ChaosChecker.Check(history).Passed);
    }

    [Fact]
    public void Two_sets_serving_in_one_epoch_are_reported_at_once()
    {
        var history = Clean() with { Samples = [Sample(1, "a1", "leader", 1, 3, true), Sample(1, "b1", "leader", 1, 2, true, set: "_setB")] };

        Assert.Equal(ViolationKind.TwoPrimarySets, Assert.Single(ChaosChecker.Check(history).Violations).Kind);
    }

    [Fact]
    public void Two_sets_serving_in_different_epochs_are_reported_when_it_lasts()
    {
        StatusSample[] Round(int round) => [Sample(round, "a1", "leader", 0, 3, true), Sample(round, "b1", "leader", 1, 2, true, set: "_setB")];
        var brief = Clean() with { Samples = [.. Enumerable.Range(1, ChaosChecker.TwoSetsToleratedRounds).SelectMany(Round), Sample(9, "b1", "leader", 1, 2, true, set: "_setB")] };
        var lasting = Clean() with { Samples = [.. Enumerable.Range(1, ChaosChecker.TwoSetsToleratedRounds + 1).SelectMany(Round)] };

        Assert.True(ChaosChecker.Check(brief).Passed);
        Assert.Equal(ViolationKind.TwoPrimarySets, Assert.Single(ChaosChecker.Check(lasting).Violations).Kind);
    }

    [Fact]
    public void An_async_cut_over_may_lose_what_the_status_reported_and_the_old_primary_exported()
    {
        var history = CutOverHistory(reported: 2, exported: [Key(3), Key(4)]);

        var findings = ChaosChecker.Check(history);

        Assert.True(findings.Passed, string.Join("; ", findings.Violations));
        Assert.Equal(2, findings.CutOverLossExplained);
    }

    [Fact]
    public void An_async_cut_over_losing_more_than_the_status_reported_is_a_mismatch()
    {
        var findings = ChaosChecker.Check(CutOverHistory(reported: 1, exported: [Key(3), Key(4)]));

        Assert.Equal(ViolationKind.CutOverLossMismatch, Assert.Single(findings.Violations).Kind);
    }

    [Fact]
    public void An_async_cut_over_losing_what_was_not_exported_loses_acknowledged_messages()
    {
        var findings = ChaosChecker.Check(CutOverHistory(reported: 2, exported: [Key(3)]));

        var lost = Assert.Single(findings.Violations);
        Assert.Equal(ViolationKind.LostAcked, lost.Kind);
        Assert.Contains("not exported", lost.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_of_a_message_acknowledged_before_the_cut_over_that_the_new_primary_kept_is_a_mismatch()
    {
        var history = CutOverHistory(reported: 2, exported: [Key(2), Key(3), Key(4)]);

        var mismatch = Assert.Single(ChaosChecker.Check(history).Violations);

        Assert.Equal(ViolationKind.CutOverLossMismatch, mismatch.Kind);
        Assert.Contains("p#2", mismatch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_exported_unacknowledged_and_published_again_in_the_new_epoch_is_no_violation()
    {
        // p#5's first copy reached the old primary's log but not its publisher; the resend was acknowledged in epoch 1.
        var history = CutOverHistory(reported: 2, exported: [Key(3), Key(4), Key(5)]) with
        {
            Acked = [.. CutOverHistory(2, []).Acked, new AckedPublish(Channel, Key(5), 2, 1, 1_500)],
            ReadBacks = [new ChannelReadBack("b1", Channel, [.. Stored(0, 1), new StoredMessage(2, Key(5))])],
        };

        var findings = ChaosChecker.Check(history);

        Assert.True(findings.Passed, string.Join("; ", findings.Violations));
        Assert.Equal(2, findings.CutOverLossExplained);
    }

    [Fact]
    public void A_loss_after_the_cut_over_is_not_explained_by_it()
    {
        // Acknowledged in the old epoch after the cut-over: an old primary that served on (what the epoch check prevents).
        var history = CutOverHistory(reported: 2, exported: [Key(3), Key(4)]) with
        {
            Acked = [.. CutOverHistory(2, []).Acked, new AckedPublish(Channel, Key(5), 4, 0, 2_000)],
        };

        var findings = ChaosChecker.Check(history);

        Assert.Equal(ViolationKind.LostAcked, Assert.Single(findings.Violations).Kind);
        Assert.Contains("p#5", findings.Violations[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistaken_cut_over_may_lose_what_the_old_side_acknowledged_until_it_followed_if_exported()
    {
        // The old primary served on, cut off, after the cut-over at 1,000 ms until it followed epoch 1 at 3,000 ms.
        var history = MistakenHistory(exported: [Key(3), Key(4), Key(5)]);

        var findings = ChaosChecker.Check(history);

        Assert.True(findings.Passed, string.Join("; ", findings.Violations));
        Assert.Equal(3, findings.CutOverLossExplained);
    }

    [Fact]
    public void A_mistaken_cut_over_losing_an_acknowledgement_of_its_overlap_that_was_not_exported_loses_it()
    {
        var lost = Assert.Single(ChaosChecker.Check(MistakenHistory(exported: [Key(3), Key(4)])).Violations);

        Assert.Equal(ViolationKind.LostAcked, lost.Kind);
        Assert.Contains("p#5", lost.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_old_epoch_acknowledgement_after_the_old_side_followed_is_lost_even_after_a_mistaken_cut_over()
    {
        var history = MistakenHistory(exported: [Key(3), Key(4), Key(5)]) with
        {
            Acked = [.. MistakenHistory([]).Acked, new AckedPublish(Channel, Key(6), 5, 0, 3_500)],
        };

        var lost = Assert.Single(ChaosChecker.Check(history).Violations);

        Assert.Equal(ViolationKind.LostAcked, lost.Kind);
        Assert.Contains("p#6", lost.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_sets_serving_in_different_epochs_during_a_mistaken_overlap_are_expected_but_not_in_one_epoch_nor_after_it()
    {
        // Samples every 500 ms; the overlap is 1,000-3,000 ms (rounds 2-6).
        StatusSample[] Both(int round, long oldEpoch) => [Sample(round, "a1", "leader", oldEpoch, 3, true), Sample(round, "b1", "leader", 1, 2, true, set: "_setB")];
        var overlap = MistakenHistory([Key(3), Key(4), Key(5)]) with { Samples = [.. Enumerable.Range(2, 5).SelectMany(r => Both(r, 0))] };
        var sameEpoch = overlap with { Samples = [.. Both(3, 1)] };
        var after = overlap with { Samples = [.. Enumerable.Range(7, ChaosChecker.TwoSetsToleratedRounds + 1).SelectMany(r => Both(r, 0))] };

        Assert.True(ChaosChecker.Check(overlap).Passed, string.Join("; ", ChaosChecker.Check(overlap).Violations));
        Assert.Equal(ViolationKind.TwoPrimarySets, Assert.Single(ChaosChecker.Check(sameEpoch).Violations).Kind);
        Assert.Equal(ViolationKind.TwoPrimarySets, Assert.Single(ChaosChecker.Check(after).Violations).Kind);
    }

    [Fact]
    public void The_verdict_counts_every_violation_and_fails()
    {
        var history = Clean() with { ReadBacks = [ReadBack("a1", 0, 1)] };
        var findings = ChaosChecker.Check(history);

        var json = JsonDocument.Parse(ChaosVerdict.Json(history, findings, new Dictionary<string, object?>())).RootElement;

        Assert.Equal("fail", json.GetProperty("verdict").GetString());
        Assert.Equal(2, json.GetProperty(ViolationKind.LostAcked).GetInt32());
        Assert.Equal(2, json.GetProperty("violations").GetArrayLength());
    }

    private static MessageKey Key(long seq) => new("p", seq);

    private static StoredMessage[] Stored(params long[] offsets) => [.. offsets.Select(o => new StoredMessage(o, Key(o + 1)))];

    private static ChannelReadBack ReadBack(string source, params long[] offsets) => new(source, Channel, Stored(offsets));

    private static StatusSample Sample(int round, string server, string role, long epoch, long term, bool serving, string set = "_setA") =>
        new(round, round * 500, server, set, epoch == 0 && set == "_setA" || epoch == 1 && set == "_setB" ? "primary" : "standby", role, epoch, term, serving);

    /// <summary>Four messages acknowledged at offsets 0-3 in epoch 0, read by a subscriber, stored at both sets, one leader.</summary>
    private static ChaosHistory Clean() => new(
        [.. Enumerable.Range(0, 4).Select(o => new AckedPublish(Channel, Key(o + 1), o, 0, 100 * (o + 1)))],
        [.. Enumerable.Range(0, 4).Select(o => new SubscriberDelivery("s", Channel, Key(o + 1), o, 100 * (o + 2)))],
        [ReadBack("a1", 0, 1, 2, 3), ReadBack("b1", 0, 1, 2, 3)],
        [Sample(1, "a1", "leader", 0, 3, true), Sample(1, "a2", "member", 0, 3, false), Sample(1, "b1", "leader", 0, 2, false, set: "_setB")],
        []);

    /// <summary>
    /// Messages 1-4 acknowledged in epoch 0, a mistaken cut-over to epoch 1 at 1,000 ms, p#5 acknowledged by the old
    /// side in epoch 0 at 2,000 ms, the old side following epoch 1 at 3,000 ms; the new primary holds 1-2.
    /// </summary>
    private static ChaosHistory MistakenHistory(MessageKey[] exported) => Clean() with
    {
        Acked = [.. Clean().Acked, new AckedPublish(Channel, Key(5), 4, 0, 2_000)],
        Deliveries = [],
        ReadBacks = [ReadBack("b1", 0, 1)],
        Samples = [],
        CutOvers = [new AsyncCutOver(1_000, 1, 3, exported, MistakenUntilMs: 3_000)],
    };

    /// <summary>Messages 1-4 acknowledged in epoch 0, then a cut-over to epoch 1 at 1,000 ms; the new primary holds 1-2.</summary>
    private static ChaosHistory CutOverHistory(long reported, MessageKey[] exported) => Clean() with
    {
        Deliveries = [],
        ReadBacks = [ReadBack("b1", 0, 1)],
        CutOvers = [new AsyncCutOver(1_000, 1, reported, exported)],
    };
}
