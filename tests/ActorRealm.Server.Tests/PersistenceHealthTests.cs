using ActorRealm.Cluster.Remote;
using ActorRealm.Server.PersistenceServer;
using ActorRealm.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static ActorRealm.Server.Tests.Support.PersistenceSetsRealm;

namespace ActorRealm.Server.Tests;

/// <summary>
/// A persistence server's health endpoints (<c>actorrealm.persistence.health.port</c>) probed the way a container's
/// health check does it, with <c>actorrealm health</c>: live at once; ready only once it can serve its role.
/// </summary>
[Collection(PersistenceRealmFixture.Collection)]
public sealed class PersistenceHealthTests(PersistenceRealmFixture fixture)
{
    private PersistenceSetsRealm Realm => fixture.Realm;

    [Fact(Timeout = 90_000)]
    public async Task A_standby_member_is_live_not_ready_while_no_realm_server_links_it_and_ready_once_one_does()
    {
        if (Realm.Servers.ContainsKey("b3"))
        {
            await Realm.StopServersAsync("b3");
        }

        var port = LoopbackPorts.Take(1)[0];
        string[] probe = ["--admin", $"127.0.0.1:{port}", "--ca", Realm.Realm.Files.CaCertificate!];
        var health = $"actorrealm.persistence.health.port = {port}";

        // Under another realm's name no realm server answers its hello: it runs, but cannot serve its role.
        await using (var unlinked = await PersistenceServerNode.StartAsync(Realm.ServerConfiguration("b3", $"{health}\nactorrealm.realm = elsewhere"), NullLoggerFactory.Instance))
        {
            Assert.Equal(new Uri($"https://127.0.0.1:{port}/"), unlinked.HealthAddress);
            var live = CliRunner.Run(["health", .. probe]);
            Assert.Equal((0, "200 live"), (live.Exit, live.Output.Trim()));
            // Recovering its journal first (perhaps too briefly to see), then without a link it holds no quorum lease.
            var notReady = await Eventually.Until(
                () => Task.FromResult(CliRunner.Run(["health", "--ready", .. probe]) is { Exit: 1 } r && r.Output.Contains("quorum lease", StringComparison.Ordinal) ? r.Output.Trim() : null),
                Deadline,
                "b3 to say it holds no quorum lease");
            Assert.Equal("503 not-ready: b3 holds no quorum lease from a realm server of site 'dr' (not linked yet, or its side of the realm has no quorum)", notReady);
        }

        Realm.Servers["b3"] = await PersistenceServerNode.StartAsync(Realm.ServerConfiguration("b3", health), NullLoggerFactory.Instance);
        var ready = await Eventually.Until(
            () => Task.FromResult(CliRunner.Run(["health", "--ready", .. probe]) is { Exit: 0 } r ? r.Output.Trim() : null),
            Deadline,
            "b3 to answer ready");
        Assert.StartsWith("200 ready: b3 ", ready, StringComparison.Ordinal);
    }
}
