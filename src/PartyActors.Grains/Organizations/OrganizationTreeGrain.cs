using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// The tree as a whole. Reentrant, so creates and renames pass through without waiting for each
/// other; moves and dissolutions take a lock here, so the cycle check and the move it allows happen
/// with no other structural change in between. Organizations never call this grain, so holding the
/// lock while calling them cannot deadlock. It records every id placed as a root (before placing
/// it), so the periodic reports can walk the whole tree from its roots.
/// </summary>
[Reentrant]
[GrainType("organization-tree")]
internal sealed class OrganizationTreeGrain(
    [PersistentState("organization-tree")] IPersistentState<OrganizationTreeState> store,
    IEnumerable<IPlacementListener> listeners) : Grain, IOrganizationTreeGrain
{
    /// <summary>Longer ancestor chains than this mean the stored tree is damaged, not deep.</summary>
    private const int MaxDepth = 10_000;

    private Task _structuralTail = Task.CompletedTask;
    private Task _rootsTail = Task.CompletedTask;

    private readonly IPlacementListener[] _listeners = [.. listeners];

    public async Task<PlacementOutcome> Place(string orgId, OrganizationDefinition definition)
    {
        var outcome = await PlaceCoreAsync(orgId, definition);
        foreach (var listener in _listeners)
        {
            await listener.OnPlacedAsync(GrainFactory, orgId, outcome);
        }

        return outcome;
    }

    private async Task<PlacementOutcome> PlaceCoreAsync(string orgId, OrganizationDefinition definition)
    {
        ArgumentException.ThrowIfNullOrEmpty(orgId);
        OrganizationRules.Validate(orgId, definition);
        if (definition.ParentId is null)
        {
            await RecordRootAsync(orgId);
        }

        var current = await Node(orgId).GetChildRollup();
        if (!current.Exists || string.Equals(current.ParentId, definition.ParentId, StringComparison.Ordinal))
        {
            try
            {
                return await Organization(orgId).Define(definition);
            }
            catch (DomainException exception) when (exception.Code == DomainErrors.ConcurrentChange)
            {
                // It was created (or moved) under another parent meanwhile: this is a move now.
            }
        }

        return await WithStructureLockAsync(() => MoveAsync(orgId, definition));
    }

    public Task Dissolve(string orgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(orgId);
        return WithStructureLockAsync(async () =>
        {
            await Organization(orgId).Dissolve();
            return 0;
        });
    }

    public async Task<Rollup> Rebuild(string orgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(orgId);
        var root = await Organization(orgId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{orgId}' does not exist.");

        // Level by level from the root, then rebuild from the deepest level up: each parent then
        // reads children that are already exact.
        var levels = new List<string[]> { new[] { root.Id } };
        while (true)
        {
            var next = new List<string>();
            foreach (var details in await Task.WhenAll(levels[^1].Select(id => Organization(id).GetDetails())))
            {
                if (details is not null)
                {
                    next.AddRange(details.ChildIds);
                }
            }

            if (next.Count == 0 || levels.Count > MaxDepth)
            {
                break;
            }

            levels.Add([.. next]);
        }

        Rollup? rollup = null;
        for (var level = levels.Count - 1; level >= 0; level--)
        {
            var rebuilt = await Task.WhenAll(levels[level].Select(id => Organization(id).Rebuild()));
            rollup = rebuilt[0];
        }

        return rollup!;
    }

    public async Task<ImmutableArray<string>> GetRoots()
    {
        var recorded = store.State.Roots.ToArray();
        var nodes = await Task.WhenAll(recorded.Select(id => Node(id).GetChildRollup()));
        return [.. nodes.Where(n => n.Exists && n.ParentId is null).Select(n => n.ChildId)];
    }

    /// <summary>
    /// Records <paramref name="orgId"/> as a root, durably, unless it is recorded already. Writes run
    /// one at a time (the grain is reentrant, and two writes at once would race on the store's ETag).
    /// </summary>
    private async Task RecordRootAsync(string orgId)
    {
        if (store.State.Roots.Contains(orgId))
        {
            return;
        }

        var previous = _rootsTail;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _rootsTail = done.Task;
        try
        {
            await previous;
            if (store.State.Roots.Add(orgId))
            {
                try
                {
                    await store.WriteStateAsync();
                }
                catch
                {
                    store.State.Roots.Remove(orgId);
                    throw;
                }
            }
        }
        finally
        {
            done.SetResult();
        }
    }

    private async Task<PlacementOutcome> MoveAsync(string orgId, OrganizationDefinition definition)
    {
        var current = await Node(orgId).GetChildRollup();
        if (!current.Exists || string.Equals(current.ParentId, definition.ParentId, StringComparison.Ordinal))
        {
            return await Organization(orgId).Define(definition);
        }

        if (definition.ParentId is { } newParentId)
        {
            await EnsureNotBelowAsync(newParentId, orgId);
            await Node(newParentId).AttachChild(orgId);
            try
            {
                await Node(orgId).Reparent(definition);
            }
            catch
            {
                await Node(newParentId).DetachChild(orgId);
                throw;
            }
        }
        else
        {
            await Node(orgId).Reparent(definition);
        }

        if (current.ParentId is { } oldParentId)
        {
            await Node(oldParentId).DetachChild(orgId);
        }

        return PlacementOutcome.Moved;
    }

    /// <summary>Refuses the move when <paramref name="newParentId"/> is <paramref name="orgId"/> or lies below it.</summary>
    private async Task EnsureNotBelowAsync(string newParentId, string orgId)
    {
        string? ancestor = newParentId;
        for (var depth = 0; ancestor is not null; depth++)
        {
            if (string.Equals(ancestor, orgId, StringComparison.Ordinal))
            {
                throw new DomainException(DomainErrorKind.Conflict, DomainErrors.Cycle,
                    $"Moving '{orgId}' under '{newParentId}' would make a cycle: '{newParentId}' is in the subtree of '{orgId}'.") { Field = "parentId" };
            }

            if (depth > MaxDepth)
            {
                throw new InvalidOperationException($"The ancestors of '{newParentId}' do not end: the stored tree is damaged.");
            }

            ancestor = await Node(ancestor).GetParentId();
        }
    }

    /// <summary>Runs structural changes one at a time, in arrival order.</summary>
    private async Task<T> WithStructureLockAsync<T>(Func<Task<T>> change)
    {
        var previous = _structuralTail;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _structuralTail = done.Task;
        try
        {
            await previous;
            return await change();
        }
        finally
        {
            done.SetResult();
        }
    }

    private IRollupNode Node(string orgId) => GrainFactory.GetGrain<IRollupNode>(orgId);

    private IOrganizationGrain Organization(string orgId) => GrainFactory.GetGrain<IOrganizationGrain>(orgId);
}
