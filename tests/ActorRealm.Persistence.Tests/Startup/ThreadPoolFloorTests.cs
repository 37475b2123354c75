namespace ActorRealm.Persistence.Tests.Startup;

public sealed class ThreadPoolFloorTests
{
    [Fact]
    public void The_floor_raises_the_pool_minimum_and_never_lowers_it()
    {
        ThreadPool.GetMinThreads(out var workersBefore, out var ioBefore);

        Assert.True(ThreadPoolFloor.Raise(workersBefore + 1));
        ThreadPool.GetMinThreads(out var workersRaised, out _);
        Assert.Equal(workersBefore + 1, workersRaised);

        Assert.True(ThreadPoolFloor.Raise(1));
        ThreadPool.GetMinThreads(out var workersAfter, out var ioAfter);
        Assert.Equal(workersRaised, workersAfter);
        Assert.True(ioAfter >= ioBefore);
    }
}
