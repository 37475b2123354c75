using System.Collections.Concurrent;
using ActorRealm.Contracts;
using ActorRealm.Contracts.Persistence;

namespace ActorRealm.Client.Internal;

/// <summary>A request (read, subscription position) sent and not yet answered; <paramref name="Make"/> builds it for a request id.</summary>
internal sealed record PendingCall(Func<long, IRealmContract> Make, TaskCompletionSource<IPersistenceAnswer> Done)
{
    /// <summary>When it was last sent, or null while no leader is known.</summary>
    public long? SentAt { get; init; }
}

/// <summary>
/// What a realm client keeps outside its actor, so that a new actor can take it over when Akka shut the client's own
/// actor system down (ADR 0081): the application's requests not yet taken by an actor (an intake queue: none is lost
/// between one actor and the next), and the publish window with its sequences and the calls waiting for answers, which
/// only the running actor touches.
/// </summary>
internal sealed class ClientState(int window)
{
    /// <summary><see cref="ClientPublish"/>s and <see cref="ClientCall"/>s from the application, in order.</summary>
    public ConcurrentQueue<object> Intake { get; } = new();

    /// <summary>The publishes with their producer sequences.</summary>
    public PublishWindow<TaskCompletionSource<PublishAck>> Window { get; } = new(window);

    /// <summary>The calls sent, by request id.</summary>
    public Dictionary<long, PendingCall> Calls { get; } = [];

    /// <summary>The next request id of a call or probe (negative: publishes use their positive sequences).</summary>
    public long NextId { get; set; } = -1;

    /// <summary>Fails every request taken by an actor (the window and the calls) with <paramref name="error"/>.</summary>
    public void FailTaken(Exception error)
    {
        foreach (var publish in Window.Clear())
        {
            publish.Waiter.TrySetException(error);
        }

        foreach (var call in Calls.Values)
        {
            call.Done.TrySetException(error);
        }

        Calls.Clear();
    }

    /// <summary>Fails every request no actor has taken yet with <paramref name="error"/>.</summary>
    public void FailIntake(Exception error)
    {
        while (Intake.TryDequeue(out var request))
        {
            switch (request)
            {
                case ClientPublish p:
                    p.Done.TrySetException(error);
                    break;
                case ClientCall c:
                    c.Done.TrySetException(error);
                    break;
            }
        }
    }
}

/// <summary>Tells the client actor that the intake has requests (local only).</summary>
internal sealed class IntakeNudge
{
    public static readonly IntakeNudge Instance = new();
}
