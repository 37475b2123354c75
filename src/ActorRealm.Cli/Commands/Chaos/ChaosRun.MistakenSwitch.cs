using System.Diagnostics;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Commands.Chaos;

// The administrator's mistake: the prime switch and cut-over at the other site while the primary site is only cut off,
// so that both sets serve, in different epochs, until the WAN heals (ADR 0031, ADR 0070).
internal sealed partial class ChaosRun
{
    /// <summary>How long both sides serve after the mistaken cut-over, before the WAN heals (seconds).</summary>
    private const double OverlapLow = 3, OverlapHigh = 10;

    /// <summary>
    /// The WAN between the sites cut; once the primary site has been unreachable for the prime switch's
    /// <c>min-unreachable</c>, the administrator at the other site switches the prime site and cuts over to the standby
    /// set, although the primary site is alive and its set still serves (its realm server keeps quorum as the prime
    /// site). Both sets serve in different epochs for a few seconds, then the WAN heals: the old side must follow the
    /// new epochs, and whatever its set acknowledged that the new primary lacks must be in its exports.
    /// </summary>
    private async Task MistakenSwitchAsync(int cycle, Stopwatch clock, ChaosNetwork network, CancellationToken cancellationToken)
    {
        var leader = Leader() ?? throw new InvalidOperationException("no serving primary leader before the mistaken switch");
        var primary = _realm.Layout.PersistenceServers.Single(s => s.Name == leader);
        var standby = _realm.Layout.PersistenceServers.First(s => s.Set != primary.Set);
        var (_, lag, ackedThen) = _lastLag;
        var wan = WanLinks(primary.Site);
        // The switch is refused at a realm server that is not a member (NotAMember): the mistake can be made only once
        // every realm server has joined since the last fault.
        if (!await SettledOrStallAsync([], "no mistaken switch this cycle", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await Report(cycle, clock, $"WAN cut; then the mistaken prime switch to {standby.Site} and cut-over to {standby.Set} while {primary.Set} still serves at {primary.Site}").ConfigureAwait(false);
        await network.CutAsync(wan, cancellationToken).ConfigureAwait(false);
        long at;
        long newEpoch = 0;
        try
        {
            // Refused until the primary site has been unreachable for min-unreachable (15 s here); then accepted.
            newEpoch = await SwitchAndCutOverAsync(primary, standby, "chaos: a mistaken switch", cancellationToken).ConfigureAwait(false);
            at = _recorder.NowMs;
            var overlap = Between(OverlapLow, OverlapHigh);
            await _progress.WriteLineAsync($"  cut-over accepted: {standby.Set} primary in epoch {newEpoch}; both sides serve for {overlap.TotalSeconds:0.0} s").ConfigureAwait(false);
            await Task.Delay(overlap, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // The switch or the cut-over was never accepted: a liveness failure of the run; nothing changed epochs.
            _stalls++;
            await _progress.WriteLineAsync($"  STALL: {e.Message}").ConfigureAwait(false);
            return;
        }
        finally
        {
            await network.HealAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _progress.WriteLineAsync($"  WAN healed (serving: {string.Join(", ", ServingNow())})").ConfigureAwait(false);
        var exported = await FollowNewEpochAsync(primary.Set, newEpoch, [], cancellationToken).ConfigureAwait(false);
        var until = _recorder.NowMs;
        // What the old side may lose: the standby lag last reported, and everything acknowledged since (on either side).
        var bound = lag + Math.Max(0, _recorder.AckedCount - ackedThen);
        _recorder.CutOver(new AsyncCutOver(at, newEpoch, bound, exported, MistakenUntilMs: until));
        Count("mistaken-switch");
    }

    /// <summary>
    /// Waits until every server of <paramref name="oldSet"/> follows <paramref name="newEpoch"/> (starting again any of
    /// <paramref name="restart"/> that exited meanwhile), and returns the publishes they exported as their old primary's
    /// divergent suffix. A timeout is a stall (a failed run), and the rest is still judged.
    /// </summary>
    private async Task<IReadOnlyList<MessageKey>> FollowNewEpochAsync(string oldSet, long newEpoch, IReadOnlyList<string> restart, CancellationToken cancellationToken)
    {
        var servers = _realm.Layout.PersistenceServers.Where(s => s.Set == oldSet).Select(s => s.Name).ToHashSet();
        try
        {
            await UntilAsync($"{oldSet} to follow epoch {newEpoch}", _ =>
            {
                // A frozen realm server was downed by the other site meanwhile: it leaves and exits; start it again.
                foreach (var name in restart.Where(n => _realm.Process(n).HasExited))
                {
                    _realm.Restart(name);
                }

                Supervise();

                lock (_gate)
                {
                    return Task.FromResult(_lastRound.Count(s => servers.Contains(s.Server) && s.Epoch >= newEpoch) == servers.Count);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // A liveness failure of the returning side: the run fails with it, and the verdict still judges the rest.
            _stalls++;
            await _progress.WriteLineAsync($"  STALL: {e.Message}").ConfigureAwait(false);
        }

        List<MessageKey> exported = [];
        try
        {
            exported = await ExportedPublishesAsync(servers, newEpoch, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            _stalls++;
            await _progress.WriteLineAsync($"  STALL: {e.Message}").ConfigureAwait(false);
        }

        await _progress.WriteLineAsync($"  {oldSet} follows epoch {newEpoch}; its divergent suffixes hold {exported.Count} publish(es)").ConfigureAwait(false);
        return exported;
    }

    /// <summary>
    /// The administrator's two commands at a realm server of <paramref name="standby"/>'s site, each repeated until
    /// accepted (within the recovery time): the prime switch to that site, then the cut-over to its set. Returns the
    /// new persistence epoch.
    /// </summary>
    private async Task<long> SwitchAndCutOverAsync(LocalPersistenceServer primary, LocalPersistenceServer standby, string reason, CancellationToken cancellationToken)
    {
        using var admin = _realm.Admin(_realm.Layout.Nodes.First(n => n.Site == standby.Site));
        await UntilAsync($"the prime switch to {standby.Site}", async ct =>
        {
            var prime = await admin.SwitchPrimeAsync(new PrimeSwitchBody(standby.Site, primary.Site, reason), ct).ConfigureAwait(false);
            return prime.Accepted || prime.PrimeSite == standby.Site;
        }, cancellationToken).ConfigureAwait(false);
        long newEpoch = 0;
        await UntilAsync($"the cut-over to {standby.Set}", async ct =>
        {
            var result = await admin.ChangePersistenceAsync("api/persistence/cutover", new PersistenceChangeBody(standby.Set, primary.Site, reason), ct).ConfigureAwait(false);
            newEpoch = result.NewEpoch ?? 0;
            return result.Outcome == PersistenceChangeResultView.AcceptedOutcome;
        }, cancellationToken).ConfigureAwait(false);
        return newEpoch;
    }

    /// <summary>Waits for a settled realm (<see cref="RealmSettledAsync"/>); false, with a stall reported, when none came.</summary>
    private async Task<bool> SettledOrStallAsync(IReadOnlyList<string> restart, string consequence, CancellationToken cancellationToken)
    {
        try
        {
            await RealmSettledAsync(restart, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException e)
        {
            _stalls++;
            await _progress.WriteLineAsync($"  STALL: {e.Message}; {consequence}").ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// Waits until every realm server sees every realm server as an up and reachable member, starting again any of
    /// <paramref name="restart"/> (held down by the caller) that exited meanwhile.
    /// </summary>
    private async Task RealmSettledAsync(IReadOnlyList<string> restart, CancellationToken cancellationToken)
    {
        var names = _realm.Layout.Nodes.Select(n => n.Name).ToHashSet();
        await UntilAsync("settled realm (every realm server up and reachable from every other)", async ct =>
        {
            foreach (var name in restart.Where(n => _realm.Process(n).HasExited))
            {
                _realm.Restart(name);
            }

            Supervise();
            foreach (var node in _realm.Layout.Nodes)
            {
                using var admin = _realm.Admin(node);
                var (_, status) = await admin.StatusAsync(ct).ConfigureAwait(false);
                var up = status.Members.Count(m => names.Contains(m.Node) && m.Status == MemberView.UpStatus && m.Reachable);
                if (up != names.Count)
                {
                    return false;
                }
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every link between a process of <paramref name="site"/> and a process of the other site.</summary>
    private List<(string, string)> WanLinks(string site)
    {
        var all = _realm.Layout.ProcessNames.ToList();
        return [.. all.Where(a => _realm.Layout.SiteOf(a) == site).SelectMany(a => all.Where(b => _realm.Layout.SiteOf(b) != site).Select(b => (a, b)))];
    }

    private List<string> ServingNow()
    {
        lock (_gate)
        {
            return [.. _lastRound.Where(s => s.Serving).Select(s => $"{s.Server} (epoch {s.Epoch})")];
        }
    }
}
