using System.Collections.Concurrent;
using ActorRealm.Actors.Cell;

namespace ActorRealm.Actors;

/// <summary>
/// Resolves paths to refs and knows the system's own address. The remote layer wraps the local
/// provider (through <see cref="ActorSystemSetup.ProviderFactory"/>): it reports the network
/// address and returns remote refs for paths on other nodes.
/// </summary>
public interface IActorRefProvider
{
    /// <summary>The system's own address (<c>realm://sys</c> locally, <c>realm://sys@host:port</c> with a transport).</summary>
    Address Address { get; }

    /// <summary>The ref for a path: the live local actor, a remote ref, or a ref that turns messages into dead letters.</summary>
    IActorRef ResolveActorRef(ActorPath path);
}

/// <summary>The in-process provider: the guardians, dead letters and temporary (Ask) refs.</summary>
public sealed class LocalActorRefProvider : IActorRefProvider
{
    private readonly ActorSystem _system;
    private readonly ConcurrentDictionary<string, IActorRef> _temp = new(StringComparer.Ordinal);
    private long _tempSequence;
    private RootActorPath? _rootPath;

    internal LocalActorRefProvider(ActorSystem system)
    {
        _system = system;
        Address = Address.Local(system.Name);
    }

    /// <inheritdoc/>
    public Address Address { get; }

    /// <summary>The root path, with the address of the system's (possibly wrapping) provider.</summary>
    public RootActorPath RootPath => _rootPath ?? throw new InvalidOperationException("The provider is not initialised yet.");

    /// <summary>The <c>/user</c> guardian: parent of actors created with <see cref="ActorSystem.ActorOf"/>.</summary>
    public IActorRef Guardian => GuardianCell;

    /// <summary>The <c>/system</c> guardian: parent of runtime services (remote, cluster, persistence).</summary>
    public IActorRef SystemGuardian => SystemGuardianCell;

    /// <summary>The dead-letters ref.</summary>
    public IActorRef DeadLetters => DeadLettersRef;

    internal ActorCell RootCell { get; private set; } = null!;

    internal ActorCell GuardianCell { get; private set; } = null!;

    internal ActorCell SystemGuardianCell { get; private set; } = null!;

    internal DeadLetterActorRef DeadLettersRef { get; private set; } = null!;

    internal ActorPath TempPathRoot { get; private set; } = null!;

    /// <summary>True when the address is this system's (its full address, or its local form <c>realm://name</c>).</summary>
    public bool IsLocalAddress(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Equals(RootPath.Address) || (address.HasLocalScope && address.System == _system.Name);
    }

    /// <inheritdoc/>
    public IActorRef ResolveActorRef(ActorPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!IsLocalAddress(path.Address))
        {
            return new EmptyLocalActorRef(_system, path);
        }

        var elements = path.Elements;
        if (elements.Count == 0)
        {
            return RootCell;
        }

        IActorRef? found = elements[0] switch
        {
            "user" => Walk(GuardianCell, elements),
            "system" => Walk(SystemGuardianCell, elements),
            "deadLetters" when elements.Count == 1 => DeadLettersRef,
            "temp" when elements.Count == 2 => _temp.GetValueOrDefault(elements[1]),
            _ => null,
        };

        if (found is null || (path.Uid != ActorPath.UndefinedUid && found.Path.Uid != path.Uid))
        {
            return new EmptyLocalActorRef(_system, path);
        }

        return found;
    }

    private static ActorCell? Walk(ActorCell start, IReadOnlyList<string> elements)
    {
        var current = start;
        for (var i = 1; i < elements.Count && current is not null; i++)
        {
            current = current.GetChild(elements[i]);
        }

        return current;
    }

    internal void Initialize(Address address)
    {
        _rootPath = new RootActorPath(address);
        DeadLettersRef = new DeadLetterActorRef(_system, _rootPath.Child("deadLetters"));
        TempPathRoot = _rootPath.Child("temp");
        var rootParent = new RootParentRef(_system, _rootPath.Child("bubble-walker"), _system.OnRootTerminated);
        var dispatcher = _system.Dispatchers.Lookup(null);
        RootCell = new ActorCell(_system, rootParent, "/", 1, Props.Create(() => new RootGuardianActor(this)), dispatcher, _rootPath.WithUid(ActorPath.UndefinedUid));
        var guardianStrategy = new Supervision.GuardianSupervisorStrategy(
            _system.Settings.GuardianStrategy == GuardianStrategy.Stopping ? Supervision.SupervisorStrategy.Stopping : Supervision.SupervisorStrategy.Default);
        GuardianCell = RootCell.AttachChild(Props.Create(() => new GuardianActor()).WithSupervisorStrategy(guardianStrategy), "user", systemService: true);
        SystemGuardianCell = RootCell.AttachChild(Props.Create(() => new GuardianActor()).WithSupervisorStrategy(guardianStrategy), "system", systemService: true);
        RootCell.Start();
    }

    /// <summary>Registers a temporary ref (an Ask) so a reply addressed by path can find it.</summary>
    internal ActorPath RegisterTemp(IActorRef actor)
    {
        var name = "$" + Interlocked.Increment(ref _tempSequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _temp[name] = actor;
        return TempPathRoot.Child(name);
    }

    internal void UnregisterTemp(ActorPath path) => _temp.TryRemove(path.Name, out _);

    /// <summary>The <c>/user</c> and <c>/system</c> guardians: they only supervise.</summary>
    private sealed class GuardianActor : ActorBase
    {
        protected override void OnReceive(object message)
        {
            if (message is not Terminated)
            {
                Unhandled(message);
            }
        }
    }

    /// <summary>The root: when asked to stop, stops <c>/user</c> first, then <c>/system</c>, then itself.</summary>
    private sealed class RootGuardianActor(LocalActorRefProvider provider) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case StopUserGuardian:
                    Context.Watch(provider.GuardianCell);
                    Context.Watch(provider.SystemGuardianCell);
                    Context.Stop(provider.GuardianCell);
                    break;
                case Terminated t when ReferenceEquals(t.ActorRef, provider.GuardianCell):
                    Context.Stop(provider.SystemGuardianCell);
                    break;
                case Terminated t when ReferenceEquals(t.ActorRef, provider.SystemGuardianCell):
                    Context.Stop(Self);
                    break;
                case Terminated:
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
    }

    /// <summary>Starts the ordered stop of the hierarchy.</summary>
    internal sealed class StopUserGuardian
    {
        public static StopUserGuardian Instance { get; } = new();
    }

    internal void BeginTermination() => RootCell.Tell(StopUserGuardian.Instance, ActorRef.NoSender);
}
