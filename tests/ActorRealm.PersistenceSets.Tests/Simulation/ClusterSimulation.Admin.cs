using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

// The administrator: cut-overs only when the realm guard would pass (every server of the primary set crashed or
// unreachable from the standby site), sometimes a cut-over the guard refuses (it must be refused), and migrations
// given to whoever serves. A cut-over also switches the realm's prime site on the standby side, as the runbook does.
internal sealed partial class ClusterSimulation
{
    private string _latestPrime = "main";
    private bool _expectRefusal;

    private EpochRecord NewestEpoch() =>
        _servers.Values.Where(s => s.Machine is not null).Select(s => s.Machine!.CurrentEpoch).MaxBy(e => e.Epoch)
        ?? new EpochRecord(0, Cluster.InitialPrimarySet, 1);

    private void AdminCutOver()
    {
        var primary = Cluster.FindSet(NewestEpoch().PrimarySet)!;
        var standby = Cluster.OtherSet(primary.Name);
        var standbySite = standby.Site;
        var guard = primary.Servers.All(name => !_servers[name].Up || _isolated.Contains(name) || _sitesCut);
        var at = standby.Servers.Select(n => _servers[n]).Where(s => s.Up).ToList();
        if (at.Count == 0 || (!guard && _random.Next(2) == 0))
        {
            return;
        }

        var target = at[_random.Next(at.Count)];
        if (guard)
        {
            _latestPrime = standbySite;
            _siteView[standbySite] = standbySite;
        }

        _expectRefusal = !guard;
        Step(target, new CutOver(standby.Name, primary.Site, guard, guard ? "old primary unreachable" : "a server of the primary set is reachable"));
        _expectRefusal = false;
    }

    private void AdminMigrate()
    {
        var up = _servers.Values.Where(s => s.Up).ToList();
        var serving = up.FirstOrDefault(s => s.Machine!.IsServing) ?? (up.Count > 0 ? up[_random.Next(up.Count)] : null);
        if (serving is not null)
        {
            Step(serving, new Migrate(Cluster.OtherSet(NewestEpoch().PrimarySet).Name));
        }
    }

    private void OnAdminReply(SimServer server, AdminResult result)
    {
        if (_expectRefusal && result is not AdminRefused)
        {
            throw new SimulationViolation($"{server.Name} took a cut-over the realm guard refused: {result}");
        }

        if (result is AdminRedirect redirect && _servers[redirect.Leader].Up && !_expectRefusal)
        {
            // The administrator (or the CLI) follows one redirect, as the shell would.
            var input = server.Machine!.Status.SetIsPrimary
                ? (ReplicationInput)new Migrate(Cluster.OtherSet(server.Machine.Status.Set).Name)
                : new CutOver(server.Machine.Status.Set, Cluster.OtherSet(server.Machine.Status.Set).Site, true, "old primary unreachable");
            At(Now + 1, new SimEvent(EventKind.Admin, redirect.Leader, 0, input));
        }
    }
}
