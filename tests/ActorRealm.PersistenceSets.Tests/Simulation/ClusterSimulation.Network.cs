using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

// The network between servers and the realm around them: site cuts, isolated servers, loss, delay, duplication
// (reordering follows from independent delays), and each side's realm quorum.
internal sealed partial class ClusterSimulation
{
    private readonly HashSet<string> _isolated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _flapUntil = new(StringComparer.Ordinal) { ["main"] = 0, ["dr"] = 0 };
    private readonly Dictionary<string, string> _siteView = new(StringComparer.Ordinal) { ["main"] = "main", ["dr"] = "main" };
    private bool _sitesCut;
    private bool _lossless;

    private bool Linked(SimServer a, SimServer b) =>
        a.Up && b.Up && !_isolated.Contains(a.Name) && !_isolated.Contains(b.Name) && (a.Site == b.Site || !_sitesCut);

    private void SendPeer(SimServer from, Send send)
    {
        var to = _servers[send.To];
        if (!Linked(from, to) || (!_lossless && _random.NextDouble() < Schedule.Loss))
        {
            return;
        }

        var copies = !_lossless && _random.NextDouble() < Schedule.Duplication ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            At(Now + 1 + _random.Next(Schedule.MaxDelayMs), new SimEvent(EventKind.Deliver, send.To, 0, send.Message));
        }
    }

    private void OnDeliver(SimEvent e)
    {
        var message = (PeerMessage)e.Data!;
        var to = _servers[e.Server];
        if (Linked(_servers[message.From], to))
        {
            Step(to, new Deliver(message));
        }
    }

    /// <summary>
    /// The realm's verdict per side: with the sites connected both sides have quorum; cut apart, a side has it
    /// only while it believes it is the prime site (the mistaken-switch case: both may). An isolated server loses its
    /// realm server too, so it has none.
    /// </summary>
    private bool RealmQuorum(SimServer server) =>
        server.Up && !_isolated.Contains(server.Name) && _flapUntil[server.Site] <= Now
        && (!_sitesCut || _siteView[server.Site] == server.Site);

    private void UpdateRealmQuorum(SimServer server)
    {
        var quorum = RealmQuorum(server);
        if (server.Up && server.SentQuorum != quorum)
        {
            server.SentQuorum = quorum;
            Step(server, new RealmQuorumChanged(quorum));
        }
    }

    private void UpdateRealmQuorum()
    {
        if (!_sitesCut)
        {
            _siteView["main"] = _siteView["dr"] = _latestPrime;
        }

        foreach (var server in _servers.Values)
        {
            UpdateRealmQuorum(server);
        }
    }

    private void OnFault(Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Crash when _servers[fault.Target].Up:
                Crash(_servers[fault.Target]);
                At(Now + fault.For, new SimEvent(EventKind.Restart, fault.Target, 0, null));
                break;
            case FaultKind.CutSites:
                _sitesCut = true;
                At(Now + fault.For, new SimEvent(EventKind.Heal, "sites", 0, null));
                break;
            case FaultKind.Isolate:
                _isolated.Add(fault.Target);
                At(Now + fault.For, new SimEvent(EventKind.Heal, fault.Target, 0, null));
                break;
            case FaultKind.SlowDisk:
                _servers[fault.Target].Disk.SlowUntil = Now + fault.For;
                break;
            case FaultKind.RealmFlap:
                _flapUntil[fault.Target] = Now + fault.For;
                At(Now + fault.For, new SimEvent(EventKind.Heal, "flap", 0, null));
                break;
            case FaultKind.CutOver:
                AdminCutOver();
                break;
            case FaultKind.Migrate:
                AdminMigrate();
                break;
        }

        UpdateRealmQuorum();
    }

    private void OnHeal(SimEvent e)
    {
        if (e.Server == "sites")
        {
            _sitesCut = false;
        }
        else
        {
            _isolated.Remove(e.Server);
        }

        UpdateRealmQuorum();
    }

    private void HealEverything()
    {
        _sitesCut = false;
        _isolated.Clear();
        _lossless = true;
        foreach (var server in _servers.Values)
        {
            server.Disk.SlowUntil = 0;
            _flapUntil[server.Site] = 0;
            if (!server.Up)
            {
                Start(server);
            }
        }

        UpdateRealmQuorum();
    }
}
