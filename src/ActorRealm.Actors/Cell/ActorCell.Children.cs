using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors.Cell;

/// <summary>Creating, finding and stopping children.</summary>
internal sealed partial class ActorCell
{
    private static readonly ActorCell[] NoChildren = [];

    public IReadOnlyCollection<IActorRef> Children => ChildrenSnapshot();

    public IActorRef? Child(string name) => _extras?.Children?.Get(name);

    public IActorRef ActorOf(Props props, string? name = null) => AttachChild(props, name, systemService: false);

    /// <summary>Creates a child (from the actor's own turn, or for guardians from any thread).</summary>
    internal ActorCell AttachChild(Props props, string? name, bool systemService)
    {
        ArgumentNullException.ThrowIfNull(props);
        var children = Extras.Children ?? CreateChildrenContainer();
        if (name is not null)
        {
            ActorPath.ValidateName(name, allowReservedPrefix: systemService);
        }

        var dispatcher = _system.Dispatchers.Lookup(props.Dispatcher);
        var child = new ActorCell(_system, this, name, _system.NextUid(), props, dispatcher);
        children.Add(this, child);
        child.Start();
        return child;
    }

    private ChildrenContainer CreateChildrenContainer()
    {
        Interlocked.CompareExchange(ref Extras.Children, new ChildrenContainer(), null);
        return Extras.Children!;
    }

    internal ActorCell? GetChild(string name) => _extras?.Children?.Get(name);

    private ActorCell[] ChildrenSnapshot() => _extras?.Children?.Snapshot() ?? NoChildren;

    private bool IsLiveChild(ActorCell child) => _extras?.Children?.Contains(child) == true;

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is ActorCell child && ReferenceEquals(child._parent, this))
        {
            if (IsLiveChild(child))
            {
                Extras.Children!.MarkStopping(child);
            }

            child.SendSystemMessage(Terminate.Instance);
        }
        else if (actor is ISystemMessageTarget target)
        {
            target.SendSystemMessage(Terminate.Instance);
        }
    }

    /// <summary>Stops every child; false when there are none to wait for.</summary>
    private bool StopAllChildren()
    {
        var children = _extras?.Children;
        if (children is null)
        {
            return false;
        }

        var all = children.CloseAndSnapshot();
        foreach (var child in all)
        {
            children.MarkStopping(child);
            child.SendSystemMessage(Terminate.Instance);
        }

        return all.Length > 0;
    }

    /// <summary>A child has terminated: forget it, and finish stopping or restarting if we were waiting for it.</summary>
    private void HandleChildTerminated(ActorCell child)
    {
        var children = _extras?.Children;
        if (children is null || !children.Remove(child))
        {
            return;
        }

        if ((_flags & Terminating) != 0)
        {
            if (children.Count == 0)
            {
                FinishTerminate();
            }
        }
        else if ((_flags & Recreating) != 0 && !children.HasStoppingChildren)
        {
            FinishRecreate(_extras!.RecreateCause!);
        }
    }
}
