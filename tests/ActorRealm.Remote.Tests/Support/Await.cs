namespace ActorRealm.Remote.Tests.Support;

/// <summary>Awaits a condition with a deadline (checked every few milliseconds); never a bare sleep.</summary>
public static class Await
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> because)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not true within {timeout.TotalSeconds:0.#}s: {because()}");
            }

            await ticks.WaitForNextTickAsync();
        }
    }

    public static Task UntilAsync(Func<bool> condition, Func<string> because) => UntilAsync(condition, TimeSpan.FromSeconds(15), because);
}
