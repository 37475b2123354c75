using Microsoft.Extensions.Logging;

namespace ActorRealm.Actors;

/// <summary>
/// What an actor sees of itself and its surroundings while it processes a message (available as
/// <c>Context</c> inside the actor). Use it only from the actor's own message processing.
/// </summary>
public interface IActorContext
{
    /// <summary>The actor's own ref.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed (the dead-letters ref when there is none).</summary>
    IActorRef Sender { get; }

    /// <summary>The parent (the supervisor).</summary>
    IActorRef Parent { get; }

    /// <summary>The live children (a snapshot).</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The actor system.</summary>
    ActorSystem System { get; }

    /// <summary>The props the actor was created from.</summary>
    Props Props { get; }

    /// <summary>Per-actor timers (single and periodic by key), cancelled when the actor stops or restarts.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>The receive timeout in effect, if any.</summary>
    TimeSpan? ReceiveTimeout { get; }

    /// <summary>A logger whose category is the actor's class.</summary>
    ILogger Log { get; }

    /// <summary>The live child with this name, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>
    /// Creates a child. A name must be unique among live children and must not start with <c>$</c>
    /// (reserved for generated names); null generates one (<c>$</c> and a code derived from the uid).
    /// </summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops a child (or any actor): asynchronous; its own children stop first.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Context.Stop is the Akka spelling; a VB keyword clash does not matter for this C# API.")]
    void Stop(IActorRef actor);

    /// <summary>Watches an actor: <see cref="Terminated"/> arrives when it terminates (at once if it already has).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Watches an actor, receiving <paramref name="message"/> instead of <see cref="Terminated"/>.</summary>
    IActorRef WatchWith(IActorRef subject, object message);

    /// <summary>Stops watching; a <see cref="Terminated"/> not yet processed is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>
    /// Sends <see cref="Actors.ReceiveTimeout"/> to the actor after this long without a message (and
    /// again after each further idle period); null or <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> keeping the current message's sender.</summary>
    void Forward(IActorRef target, object message);
}
