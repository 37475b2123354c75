namespace ActorRealm.Hocon.Resolution;

/// <summary>Substitution lookups: walking a path without resolving whole objects on the way.</summary>
internal sealed partial class Resolver
{
    private HoconValue? ResolveSubstitution(HoconSubstitution substitution)
    {
        _chain.Add(substitution);
        var missesBefore = _selfReferenceMisses;
        try
        {
            var value = Lookup(substitution.Path);
            if (value is null && substitution.FallbackPath is { } fallback)
            {
                value = Lookup(fallback);
            }

            value ??= FromEnvironment(substitution);
            if (value is null && !substitution.Optional)
            {
                var written = HoconPath.Render(substitution.WrittenPath);
                var reason = _selfReferenceMisses > missesBefore
                    ? $"could not resolve substitution {substitution.Expression}: it refers back to a value that is being defined ({DescribeChain()}), and there is no earlier definition of '{written}' to use"
                    : $"could not resolve substitution {substitution.Expression}: no setting at '{written}' and no environment variable '{string.Join('.', substitution.WrittenPath)}'";
                throw new HoconException(substitution.Origin, reason);
            }

            return value;
        }
        catch (HoconException e) when (e.IsCycle && substitution.Optional)
        {
            // A cycle counts as missing for ${?x}.
            return null;
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
        }
    }

    /// <summary>The resolved value at an absolute path, or null when there is none.</summary>
    private HoconValue? Lookup(string[] path)
    {
        HoconValue node = _root;
        foreach (var key in path)
        {
            var child = Child(node, key);
            if (child is null)
            {
                return null;
            }

            node = child;
        }

        return ResolveNode(node);
    }

    /// <summary>The (possibly unresolved) value of field <paramref name="key"/> inside <paramref name="node"/>.</summary>
    private HoconValue? Child(HoconValue node, string key)
    {
        switch (node)
        {
            case HoconObject obj:
                return obj.TryGetValue(key, out var child) ? child : null;
            case HoconMergeStack stack:
                return StackChild(stack, key);
            case HoconSubstitution or HoconConcatenation:
                return ResolveNode(node) is HoconObject resolved && resolved.TryGetValue(key, out var inner) ? inner : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The field <paramref name="key"/> across the items of a merge stack, as a new stack of its definitions, without
    /// resolving the object items as a whole (so an object may refer to paths inside itself).
    /// </summary>
    private HoconValue? StackChild(HoconMergeStack stack, string key)
    {
        var start = 0;
        if (_active.TryGetValue(stack, out var current) && stack.Items[current].IsUnresolvedNode)
        {
            start = current + 1;
        }

        List<HoconValue>? definitions = null;
        for (var i = start; i < stack.Items.Length; i++)
        {
            var item = stack.Items[i];
            var value = item.IsUnresolvedNode ? ResolveStackItem(stack, i) : item;
            if (value is null)
            {
                continue;
            }

            if (value is not HoconObject obj)
            {
                break;
            }

            if (obj.TryGetValue(key, out var definition))
            {
                (definitions ??= []).Add(definition);
            }
        }

        return definitions is null ? null : Merger.StackOf(definitions);
    }

    private HoconScalar? FromEnvironment(HoconSubstitution substitution)
    {
        var name = string.Join('.', substitution.WrittenPath);
        string? value;
        if (_environment is null)
        {
            value = Environment.GetEnvironmentVariable(name);
        }
        else
        {
            value = _environment.Contains(name) ? _environment[name]?.ToString() : null;
        }

        return value is null ? null : new HoconScalar(new HoconOrigin($"env {name}", 0, 0), HoconValueType.String, value);
    }
}
