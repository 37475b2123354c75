using ActorRealm.Actors.Dispatch;

namespace ActorRealm.Actors.Cell;

/// <summary>
/// One actor incarnation: its ref, its context and its mailbox folded into a single object so an
/// idle actor costs little memory. Everything rarely used (children, watchers, stash, timers,
/// failure state) lives in a lazily created <see cref="CellExtras"/>.
/// </summary>
/// <remarks>
/// Threading: producers (any thread) touch only the mailbox (<see cref="_head"/>,
/// <see cref="_sysHead"/>, <see cref="_status"/>). Everything else is touched only by the turn
/// that owns the <see cref="Scheduled"/> bit, so at most one thread at a time.
/// </remarks>
internal sealed partial class ActorCell : ActorRefBase, IInternalActorRef, IActorContext, IThreadPoolWorkItem
{
    // Lifecycle flags (owner turn only).
    private const int NeedsCreate = 1;
    private const int Terminating = 2;
    private const int TerminatedFlag = 4;
    private const int FailedFlag = 8;
    private const int Recreating = 16;
    private const int AsyncPending = 32;

    /// <summary>The cell whose turn runs on this thread (implicit sender, Forward).</summary>
    [ThreadStatic]
    private static ActorCell? _current;

    /// <summary>The cell whose actor is being constructed on this thread; taken once by the ActorBase constructor.</summary>
    [ThreadStatic]
    private static ActorCell? _constructing;

    private readonly ActorSystem _system;
    private readonly IInternalActorRef _parent;
    /// <summary>The name given at creation, or null for a generated name (derived from the uid).</summary>
    private readonly string? _name;
    private readonly Props _props;
    private readonly Dispatcher _dispatcher;
    private readonly long _uid;
    private ActorPath? _path;
    private ActorBase? _actor;
    private IActorRef? _currentSender;
    private CellExtras? _extras;
    private int _flags;

    public ActorCell(ActorSystem system, IInternalActorRef parent, string? name, long uid, Props props, Dispatcher dispatcher, ActorPath? fixedPath = null)
    {
        _system = system;
        _parent = parent;
        _name = name;
        _uid = uid;
        _props = props;
        _dispatcher = dispatcher;
        _path = fixedPath;
        _flags = NeedsCreate;
        var capacity = props.MailboxCapacity > 0 ? props.MailboxCapacity : system.Settings.DefaultMailboxCapacity;
        if (capacity > 0)
        {
            _extras = new CellExtras { MailboxCapacity = capacity };
        }
    }

    /// <summary>The ref of the actor running on this thread, if any.</summary>
    internal static IActorRef? CurrentSelf => _current;

    /// <summary>The context of the actor running on this thread, if any.</summary>
    internal static ActorCell? Current => _current;

    /// <summary>Hands the cell under construction to the ActorBase constructor (once).</summary>
    internal static ActorCell? TakeConstructing()
    {
        var cell = _constructing;
        _constructing = null;
        return cell;
    }

    public override ActorPath Path => _path ??= new ChildActorPath(_parent.Path, Name, _uid);

    public string Name => _name ?? GeneratedNames.Encode(_uid);

    /// <summary>The hash of the name (consistent with <see cref="GeneratedNames.HashOf(string)"/>).</summary>
    public int NameHash => _name is null ? GeneratedNames.HashOf(_uid) : GeneratedNames.HashOf(_name);

    /// <summary>True when this actor's name is <paramref name="name"/> (without building a generated name).</summary>
    public bool HasName(string name) =>
        _name is not null ? string.Equals(_name, name, StringComparison.Ordinal) : GeneratedNames.TryDecode(name, out var uid) && uid == _uid;

    public bool HasSameName(ActorCell other) => other._name is null ? HasName(GeneratedNames.Encode(other._uid)) : HasName(other._name);

    public long Uid => _uid;

    public ActorSystem System => _system;

    public Props Props => _props;

    public bool IsLocal => true;

    public bool IsTerminated => (Volatile.Read(ref _status) & Closed) != 0;

    public IActorRef Self => this;

    public IActorRef Parent => _parent;

    internal IInternalActorRef InternalParent => _parent;

    public IActorRef Sender => _currentSender ?? _system.DeadLetters;

    internal ActorBase? Actor => _actor;

    private CellExtras Extras => _extras ?? CreateExtras();

    private CellExtras CreateExtras()
    {
        Interlocked.CompareExchange(ref _extras, new CellExtras(), null);
        return _extras;
    }

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        SendMessage(message, sender is null ? _current : ReferenceEquals(sender, ActorRef.NoSender) ? null : sender);
    }

    public override bool Equals(IActorRef? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null or ActorCell)
        {
            return false;
        }

        var theirs = other.Path;
        return theirs.Uid == _uid && Path.Equals(theirs);
    }

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    public override int GetHashCode() => _uid.GetHashCode();
}
