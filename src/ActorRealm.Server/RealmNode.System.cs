using System.Net.Sockets;
using ActorRealm.Actors;
using ActorRealm.Cluster;
using ActorRealm.Cluster.Serialization;
using ActorRealm.Remote;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server;

/// <summary>Building the actor system with the remote transport and starting the cluster extension.</summary>
public sealed partial class RealmNode
{
    private static ActorSystem CreateSystem(NodeConfiguration configuration, ILoggerFactory loggerFactory)
    {
        try
        {
            return RemoteActorSystem.Create(
                configuration.Node.Realm,
                configuration.Config,
                new ActorSystemSetup { LoggerFactory = loggerFactory },
                new RemoteSetup { Settings = configuration.Remote, Serialization = registry => ClusterSerialization.Register(registry) });
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            throw new NodeStartupException($"The cluster transport cannot listen on {configuration.Address} (actorrealm.node.host/port): {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new NodeStartupException(e.Message, e);
        }
    }

    private static Cluster.Cluster StartCluster(ActorSystem system, NodeConfiguration configuration)
    {
        var settings = configuration.Node;
        try
        {
            return ActorRealm.Cluster.Cluster.Start(system, new ClusterSetup
            {
                NodeName = settings.Name,
                Site = settings.Site,
                Roles = settings.Roles,
                DataDirectory = settings.DataDirectory,
                Settings = configuration.Cluster,
            });
        }
        catch (Exception e) when (e is ClusterConfigurationException or InvalidOperationException)
        {
            throw new NodeStartupException(e.Message, e);
        }
    }
}
