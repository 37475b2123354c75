using System.Collections;
using ActorRealm.Hocon;
using AkkaConfig = Akka.Configuration.Config;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Cluster.Tests;

/// <summary>Configuration as a node reads it: the user's HOCON over this module's reference, resolved without the process environment.</summary>
internal static class TestConfig
{
    /// <summary>No environment variables (so a developer's ACTORREALM_* variables do not leak in).</summary>
    public static IDictionary NoEnvironment { get; } = new Hashtable();

    /// <summary>Resolves <paramref name="hocon"/> over the module's reference.</summary>
    public static Config Load(string hocon = "") => ConfigFactory.Load(ConfigFactory.ParseString(hocon, "test"), ClusterSettings.Reference, NoEnvironment);

    /// <summary>
    /// The shipped <c>akka</c> part of the module's reference (serializers, bindings, downing provider...)
    /// for a plain local actor system: without the realm extension, which needs a <see cref="RealmSetup"/>.
    /// </summary>
    public static AkkaConfig ShippedAkkaForLocalSystem() =>
        AkkaConfigurationFactory.ParseString("akka.extensions = [], akka.actor.provider = local, akka.stdout-loglevel = OFF, akka.loglevel = OFF")
            .WithFallback(AkkaConfigurationFactory.ParseString("{\"akka\":" + Load().GetConfig("akka").ToJson(indented: false) + "}"));
}
