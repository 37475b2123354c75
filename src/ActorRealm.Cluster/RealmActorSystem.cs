using Akka.Actor;
using Akka.Actor.Setup;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorRealm.Cluster;

/// <summary>Creates a realm node's actor system from its Akka configuration and its setups.</summary>
public static class RealmActorSystem
{
    /// <summary>
    /// Creates the actor system of one incarnation of a realm node: named after the realm, with the
    /// <see cref="RealmSetup"/> and any further setups (the TLS identity, persistence data options).
    /// The <see cref="RealmCluster"/> extension starts with it.
    /// </summary>
    /// <param name="setup">Who the node is.</param>
    /// <param name="akka">The Akka configuration (see <see cref="Configuration.RealmAkkaConfig.Build"/>).</param>
    /// <param name="more">Further setups.</param>
    public static ActorSystem Create(RealmSetup setup, AkkaConfig akka, params Setup[] more)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(akka);
        var actorSetup = ActorSystemSetup.Create([BootstrapSetup.Create().WithConfig(akka), setup, .. more]);
        return ActorSystem.Create(setup.Realm, actorSetup);
    }
}
