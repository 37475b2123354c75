namespace ActorRealm.Actors;

/// <summary>
/// A path that is resolved each time it is used (so it finds an actor created later, or a new
/// incarnation). Lite: exact paths only, no wildcards.
/// </summary>
public sealed class ActorSelection
{
    private readonly ActorSystem _system;

    internal ActorSelection(ActorSystem system, ActorPath path)
    {
        _system = system;
        Path = path;
    }

    /// <summary>The selected path.</summary>
    public ActorPath Path { get; }

    /// <summary>Sends to whatever lives at the path now (dead letters if nothing does).</summary>
    public void Tell(object message, IActorRef? sender = null) =>
        _system.ResolveActorRef(Path).Tell(message, ActorRef.ResolveSender(sender) ?? ActorRef.NoSender);

    /// <summary>Asks the actor at the path for its identity; throws <see cref="ActorNotFoundException"/> if none answers.</summary>
    public async Task<IActorRef> ResolveOne(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ActorIdentity identity;
        try
        {
            identity = await _system.ResolveActorRef(Path).Ask<ActorIdentity>(new Identify(null), timeout, cancellationToken)
                .ConfigureAwait(_system.Executor.IsDeterministic);
        }
        catch (AskTimeoutException e)
        {
            throw new ActorNotFoundException($"No actor answered at {Path} within {timeout}.", e);
        }

        return identity.Subject ?? throw new ActorNotFoundException($"No actor lives at {Path}.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"ActorSelection[{Path}]";
}
