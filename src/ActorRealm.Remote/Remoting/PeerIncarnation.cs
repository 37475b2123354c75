using ActorRealm.Actors;
namespace ActorRealm.Remote;

/// <summary>One run of a node: its address and the random incarnation uid it chose at start.</summary>
/// <param name="Address">The node's canonical address.</param>
/// <param name="Uid">The incarnation uid (never 0).</param>
public readonly record struct PeerIncarnation(Address Address, ulong Uid)
{
    /// <summary>Returns <c>address#uid</c>.</summary>
    public override string ToString() => $"{Address}#{Uid}";
}
