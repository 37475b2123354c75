using System.Diagnostics;

namespace ActorRealm.Server.Tests.Support;

/// <summary>Awaits a condition with a deadline, polling; the failure names what was awaited and the last state seen.</summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Func<string>? describe = null)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await probe() is { } result)
                {
                    return result;
                }
            }
            catch (Exception e) when (e is not (OutOfMemoryException or NodeExitedException))
            {
                last = e;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. {describe?.Invoke()}{(last is null ? string.Empty : $" Last error: {last.Message}")}");
    }
}
