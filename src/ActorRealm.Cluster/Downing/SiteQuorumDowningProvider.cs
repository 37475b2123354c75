using Akka.Actor;
using Akka.Cluster;

namespace ActorRealm.Cluster.Downing;

/// <summary>
/// The realm's downing provider for Akka.Cluster (<c>akka.cluster.downing-provider-class</c>, set in
/// this module's reference.conf): it replaces Akka's split brain resolver entirely, so only the site
/// quorum rule ever downs a member. Akka creates its actor, <see cref="SiteQuorumDowningActor"/>, under
/// <c>/system/cluster/core/daemon/downingProvider</c>.
/// </summary>
public sealed class SiteQuorumDowningProvider : IDowningProvider
{
    private readonly RealmSetup _setup;
    private readonly Akka.Cluster.Cluster _cluster;

    /// <summary>Akka calls this with the system and its cluster extension.</summary>
    /// <exception cref="InvalidOperationException">The actor system was created without a <see cref="RealmSetup"/>.</exception>
    public SiteQuorumDowningProvider(ActorSystem system, Akka.Cluster.Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(system);
        _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        _setup = RealmCluster.SetupOf(system);
    }

    /// <summary>No extra margin: a downed member is removed as soon as the gossip has converged.</summary>
    public TimeSpan DownRemovalMargin => TimeSpan.Zero;

    /// <inheritdoc />
    public Props DowningActorProps => Props.Create(() => new SiteQuorumDowningActor(_setup, _cluster));
}
