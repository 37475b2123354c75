namespace ActorRealm.Cluster.Tests.Admission.Support;

/// <summary>Awaits a condition with a deadline (checked every few milliseconds); never a bare sleep.</summary>
public static class Await
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public static async Task UntilAsync(Func<bool> condition, Func<string> because, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Deadline;
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not true within {limit.TotalSeconds:0.#}s: {because()}");
            }

            await ticks.WaitForNextTickAsync();
        }
    }
}
