using ActorRealm.Actors.Deterministic;

namespace ActorRealm.Actors.Tests;

public sealed class VirtualTimeProviderTests
{
    [Fact]
    public void Time_moves_only_when_advanced()
    {
        var start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new VirtualTimeProvider(start);
        Assert.Equal(start, time.GetUtcNow());
        var t0 = time.GetTimestamp();
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(start.AddMinutes(3), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(3), time.GetElapsedTime(t0));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Timers_fire_in_due_order_with_time_set_to_their_due_time()
    {
        var time = new VirtualTimeProvider();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = time.CreateTimer(_ => fired.Add(("late", time.Elapsed)), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => fired.Add(("early", time.Elapsed)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var tie = time.CreateTimer(_ => fired.Add(("tie", time.Elapsed)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        Assert.Equal(TimeSpan.FromSeconds(2), time.NextDue);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([("early", TimeSpan.FromSeconds(2)), ("tie", TimeSpan.FromSeconds(2)), ("late", TimeSpan.FromSeconds(5))], fired);
        Assert.Null(time.NextDue);
    }

    [Fact]
    public void Periodic_timers_repeat_and_stop_when_disposed_or_changed()
    {
        var time = new VirtualTimeProvider();
        var count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, count);
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, count);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, count);
        timer.Dispose();
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, count);
    }

    [Fact]
    public void Task_Delay_and_cancellation_timeouts_follow_the_virtual_clock()
    {
        var time = new VirtualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromHours(1), time);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30), time);
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.False(cts.IsCancellationRequested);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(cts.IsCancellationRequested);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_timer_created_by_a_firing_timer_fires_in_the_same_advance_when_due()
    {
        var time = new VirtualTimeProvider();
        var fired = new List<TimeSpan>();
        using var outer = time.CreateTimer(
            _ =>
            {
                fired.Add(time.Elapsed);
                time.CreateTimer(_ => fired.Add(time.Elapsed), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], fired);
        Assert.Equal(TimeSpan.FromSeconds(5), time.Elapsed);
    }
}

public sealed class DeterministicExecutorTests
{
    [Fact]
    public void Posted_work_runs_only_when_stepped()
    {
        var executor = new DeterministicExecutor(1);
        var ran = new List<int>();
        executor.Post(() => ran.Add(1));
        executor.Post(() => ran.Add(2));
        Assert.False(executor.IsIdle);
        Assert.Equal(2, executor.Pending);
        Assert.Empty(ran);
        Assert.True(executor.RunNext());
        Assert.Single(ran);
        Assert.Equal(1, executor.RunUntilIdle());
        Assert.True(executor.IsIdle);
        Assert.False(executor.RunNext());
        Assert.Equal([1, 2], ran.Order());
        Assert.Equal(2, executor.Steps);
    }

    [Fact]
    public void The_order_depends_only_on_the_seed()
    {
        static string Order(int seed)
        {
            var executor = new DeterministicExecutor(seed);
            var ran = new List<int>();
            for (var i = 0; i < 20; i++)
            {
                var n = i;
                executor.Post(() => ran.Add(n));
            }

            executor.RunUntilIdle();
            return string.Join(",", ran);
        }

        Assert.Equal(Order(10), Order(10));
        Assert.NotEqual(Order(10), Order(11));
    }

    [Fact]
    public void Awaits_inside_posted_work_resume_on_the_executor()
    {
        var executor = new DeterministicExecutor(1);
        var time = new VirtualTimeProvider();
        var threads = new HashSet<int>();
        executor.Post(async () =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Delay(TimeSpan.FromSeconds(1), time);
            threads.Add(Environment.CurrentManagedThreadId);
        });
        executor.RunUntilIdle();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(executor.IsIdle);
        executor.RunUntilIdle();
        Assert.Equal([Environment.CurrentManagedThreadId], threads);
        Assert.Equal(0, executor.ForeignThreadPosts);
    }

    [Fact]
    public void Posts_from_other_threads_are_counted()
    {
        var executor = new DeterministicExecutor(1);
        executor.Post(() => { });
        executor.RunUntilIdle();
        var other = new Thread(() => executor.Post(() => { }));
        other.Start();
        other.Join();
        Assert.Equal(1, executor.ForeignThreadPosts);
    }
}
