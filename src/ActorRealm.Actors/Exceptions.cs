namespace ActorRealm.Actors;

/// <summary>An actor could not be created: its constructor, <c>PreStart</c> or <c>PostRestart</c> threw. Stops the actor under the default strategy.</summary>
public class ActorInitializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorInitializationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ActorInitializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ActorInitializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an actor.</summary>
    public ActorInitializationException(IActorRef? actor, string message, Exception? innerException)
        : base(actor is null ? message : $"{actor.Path}: {message}", innerException)
    {
        Actor = actor;
    }

    /// <summary>The actor that failed to initialise, if known.</summary>
    public IActorRef? Actor { get; }
}

/// <summary>Thrown inside an actor that received <see cref="Kill"/>; stops it under the default strategy.</summary>
public sealed class ActorKilledException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorKilledException()
        : base("Kill")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ActorKilledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ActorKilledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown when an actor receives <see cref="Terminated"/> for a watched actor and does not handle it; stops it under the default strategy.</summary>
public sealed class DeathPactException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeathPactException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeathPactException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeathPactException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the dead actor.</summary>
    public DeathPactException(IActorRef deadActor)
        : base($"Monitored actor [{deadActor}] terminated and the watcher did not handle Terminated.")
    {
        DeadActor = deadActor;
    }

    /// <summary>The watched actor that terminated.</summary>
    public IActorRef? DeadActor { get; }
}

/// <summary>An actor name is invalid or already taken by a live sibling.</summary>
public sealed class InvalidActorNameException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidActorNameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public InvalidActorNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An Ask got no reply within its timeout, or its target was already terminated.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AskTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public AskTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An actor stashed more messages than its stash capacity.</summary>
public sealed class StashOverflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StashOverflowException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StashOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public StashOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>No actor answered at a selected path.</summary>
public sealed class ActorNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ActorNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ActorNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
