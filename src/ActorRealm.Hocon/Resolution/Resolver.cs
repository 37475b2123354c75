using System.Collections;
using System.Runtime.CompilerServices;

namespace ActorRealm.Hocon.Resolution;

/// <summary>
/// Resolves every substitution of a tree against the whole tree (environment variables as fallback).
/// Lookups "look forward" to the final value of a path; when that would be a cycle through a field that is
/// being defined by a substitution or concatenation, the lookup "looks back" at the definitions below it in the
/// field's merge stack (self-reference, e.g. <c>path = ${path}":/x"</c>). Results are memoized per node, so every
/// substitution resolves once; recursion is bounded, so no input can hang or overflow the stack.
/// </summary>
internal sealed partial class Resolver
{
    /// <summary>The longest chain of nested resolutions (substitutions referring to substitutions, look-backs).</summary>
    public const int MaxChain = 10_000;

    private const int NotStack = -1;

    private readonly HoconObject _root;
    private readonly IDictionary? _environment;
    private readonly Dictionary<HoconValue, HoconValue?> _memo = new(ReferenceEqualityComparer.Instance);

    // Nodes being resolved; for a merge stack, the index of the item being resolved.
    private readonly Dictionary<HoconValue, int> _active = new(ReferenceEqualityComparer.Instance);
    private readonly List<HoconSubstitution> _chain = [];
    private int _depth;
    private int _selfReferenceMisses;

    private Resolver(HoconObject root, IDictionary? environment)
    {
        _root = root;
        _environment = environment;
    }

    /// <summary>Resolves the tree rooted at <paramref name="root"/>.</summary>
    /// <param name="root">The unresolved root object.</param>
    /// <param name="environment">Variables for the fallback lookup; null reads the process environment.</param>
    public static HoconObject Resolve(HoconObject root, IDictionary? environment)
    {
        if (!root.ContainsUnresolved)
        {
            return root;
        }

        var resolver = new Resolver(root, environment);
        return (HoconObject)resolver.ResolveNode(root)!;
    }

    /// <summary>Resolves one node; null means "undefined" (an optional substitution that found nothing).</summary>
    private HoconValue? ResolveNode(HoconValue node)
    {
        if (!node.ContainsUnresolved)
        {
            return node;
        }

        if (_memo.TryGetValue(node, out var done))
        {
            return done;
        }

        if (_active.TryGetValue(node, out var current))
        {
            return ResolveActive(node, current);
        }

        // The chain bound is also checked against the real stack, so a long chain on a small thread stack
        // is an error, never a crash.
        if (++_depth > MaxChain || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth--;
            throw new HoconException(node.Origin, $"substitution chain too long ({_depth} nested resolutions)");
        }

        _active[node] = node is HoconMergeStack ? 0 : NotStack;
        HoconValue? result;
        try
        {
            result = node switch
            {
                HoconObject obj => ResolveObject(obj),
                HoconArray array => ResolveArray(array),
                HoconSubstitution substitution => ResolveSubstitution(substitution),
                HoconConcatenation concatenation => ResolveConcatenation(concatenation),
                HoconMergeStack stack => ResolveStackFrom(stack, 0),
                _ => node,
            };
        }
        finally
        {
            _active.Remove(node);
            _depth--;
        }

        _memo[node] = result;
        return result;
    }

    /// <summary>A node reached again while it is being resolved: look back if it is a self-referential field, else a cycle.</summary>
    private HoconValue? ResolveActive(HoconValue node, int current)
    {
        switch (node)
        {
            case HoconMergeStack stack when stack.Items[current].IsUnresolvedNode:
                return ResolveStackFrom(stack, current + 1);
            case HoconSubstitution or HoconConcatenation:
                _selfReferenceMisses++;
                return null;
            default:
                var chain = _chain.Count == 0 ? string.Empty : $": {DescribeChain()}";
                var at = _chain.Count == 0 ? node.Origin : _chain[^1].Origin;
                throw new HoconException(at, $"substitution cycle{chain} (an object or array that contains a substitution of itself)") { IsCycle = true };
        }
    }

    /// <summary>Substitutions can nest objects without nesting resolutions (a1 = { x = ${a0} }, a2 = { x = ${a1} }, ...): bound the result.</summary>
    private static T Bounded<T>(T value)
        where T : HoconValue =>
        value.Depth <= HoconValue.MaxDepth
            ? value
            : throw new HoconException(value.Origin, $"objects and arrays nested deeper than {HoconValue.MaxDepth} levels after substitution");

    private string DescribeChain() => string.Join(" -> ", _chain.Select(s => s.Expression));

    private HoconObject ResolveObject(HoconObject obj)
    {
        var fields = new OrderedDictionary<string, HoconValue>(obj.Count);
        foreach (var (key, value) in obj.Fields)
        {
            if (ResolveNode(value) is { } resolved)
            {
                fields.Add(key, resolved);
            }
        }

        return Bounded(new HoconObject(obj.Origin, fields, obj.IgnoresFallbacks, resolved: true));
    }

    private HoconArray ResolveArray(HoconArray array)
    {
        var items = new List<HoconValue>(array.Count);
        foreach (var item in array.Items)
        {
            if (ResolveNode(item) is { } resolved)
            {
                items.Add(resolved);
            }
        }

        return Bounded(new HoconArray(array.Origin, [.. items], resolved: true));
    }

    private HoconValue? ResolveConcatenation(HoconConcatenation concatenation)
    {
        var parts = new List<HoconValue>(concatenation.Parts.Length);
        var written = new List<HoconOrigin>(concatenation.Parts.Length);
        foreach (var part in concatenation.Parts)
        {
            if (ResolveNode(part) is { } resolved)
            {
                parts.Add(resolved);
                written.Add(part.Origin);
            }
        }

        return Concatenation.Join(parts, concatenation.Origin, inPlace: false, written);
    }

    /// <summary>Resolves a merge stack from item <paramref name="start"/> down: objects merge until a non-object hides the rest.</summary>
    private HoconValue? ResolveStackFrom(HoconMergeStack stack, int start)
    {
        HoconValue? result = null;
        for (var i = start; i < stack.Items.Length; i++)
        {
            var item = ResolveStackItem(stack, i);
            if (item is null)
            {
                continue;
            }

            if (result is null)
            {
                result = item;
                if (item is not HoconObject)
                {
                    return result;
                }
            }
            else
            {
                result = Merger.Merge(result, item, inPlace: false);
                if (item is not HoconObject)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Resolves one item of a stack, marking which item is being defined so self-references look below it.</summary>
    private HoconValue? ResolveStackItem(HoconMergeStack stack, int index)
    {
        var wasActive = _active.TryGetValue(stack, out var saved);
        _active[stack] = index;
        try
        {
            return ResolveNode(stack.Items[index]);
        }
        finally
        {
            if (wasActive)
            {
                _active[stack] = saved;
            }
            else
            {
                _active.Remove(stack);
            }
        }
    }
}
