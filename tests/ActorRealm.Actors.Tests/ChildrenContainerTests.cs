using ActorRealm.Actors.Cell;

namespace ActorRealm.Actors.Tests;

/// <summary>The open-addressing children table against a dictionary model, through random adds and removes.</summary>
public sealed class ChildrenContainerTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("children");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_adds_and_removes_agree_with_a_dictionary(int seed)
    {
        var random = new Random(seed);
        var table = new ChildrenContainer();
        var model = new Dictionary<string, ActorCell>(StringComparer.Ordinal);
        var parent = (ActorCell)_system.LocalProvider.Guardian;
        var props = Props.Create<EchoActor>();
        var dispatcher = _system.Dispatchers.Lookup(null);
        for (var step = 0; step < 20_000; step++)
        {
            if (model.Count == 0 || random.Next(3) > 0)
            {
                var generated = random.Next(2) == 0;
                var uid = random.Next(1, 5_000);
                var cell = new ActorCell(_system, parent, generated ? null : $"n{random.Next(5_000)}", uid, props, dispatcher);
                if (model.ContainsKey(cell.Name))
                {
                    Assert.Throws<InvalidActorNameException>(() => table.Add(parent, cell));
                }
                else
                {
                    table.Add(parent, cell);
                    model[cell.Name] = cell;
                }
            }
            else
            {
                var victim = model.Values.ElementAt(random.Next(model.Count));
                Assert.True(table.Remove(victim));
                Assert.False(table.Remove(victim));
                model.Remove(victim.Name);
            }

            if (step % 997 == 0)
            {
                Assert.Equal(model.Count, table.Count);
                foreach (var (name, cell) in model)
                {
                    Assert.Same(cell, table.Get(name));
                    Assert.True(table.Contains(cell));
                }

                Assert.Equal(model.Values.OrderBy(c => c.Name, StringComparer.Ordinal), table.Snapshot().OrderBy(c => c.Name, StringComparer.Ordinal));
                Assert.Null(table.Get("absent"));
                Assert.Null(table.Get("$zzzz"));
            }
        }
    }

    [Theory]
    [InlineData(0L, "$a")]
    [InlineData(1L, "$b")]
    [InlineData(64L, "$ba")]
    [InlineData(int.MaxValue, null)]
    [InlineData(long.MaxValue, null)]
    public void Generated_names_round_trip(long uid, string? expected)
    {
        var name = GeneratedNames.Encode(uid);
        if (expected is not null)
        {
            Assert.Equal(expected, name);
        }

        Assert.True(ActorPath.IsValidPathElement(name));
        Assert.True(GeneratedNames.TryDecode(name, out var decoded));
        Assert.Equal(uid, decoded);
        Assert.Equal(GeneratedNames.HashOf(uid), GeneratedNames.HashOf(name));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("$")]
    [InlineData("$ab")]
    [InlineData("$a-b")]
    [InlineData("$aaaaaaaaaaaaaaaa")]
    public void Other_names_do_not_decode(string name) => Assert.False(GeneratedNames.TryDecode(name, out _));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _system.Terminate();
}
