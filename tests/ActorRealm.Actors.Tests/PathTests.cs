using FsCheck;
using FsCheck.Fluent;

namespace ActorRealm.Actors.Tests;

public sealed class PathTests
{
    private static readonly FsCheck.Config Runs = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300);

    [Theory]
    [InlineData("realm://sys")]
    [InlineData("realm://my-system_2@host.example:2552")]
    [InlineData("realm://sys@10.0.0.1:0")]
    public void Addresses_round_trip(string text)
    {
        var address = Address.Parse(text);
        Assert.Equal(text, address.ToString());
        Assert.Equal(address, Address.Parse(address.ToString()));
    }

    [Fact]
    public void Address_parts_are_exposed()
    {
        var address = Address.Parse("realm://sys@host:1234");
        Assert.Equal("realm", address.Protocol);
        Assert.Equal("sys", address.System);
        Assert.Equal("host", address.Host);
        Assert.Equal(1234, address.Port);
        Assert.False(address.HasLocalScope);
        Assert.True(Address.Parse("realm://sys").HasLocalScope);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sys")]
    [InlineData("realm://")]
    [InlineData("realm://-bad")]
    [InlineData("realm://sys@host")]
    [InlineData("realm://sys@host:notaport")]
    [InlineData("realm://sys@host:70000")]
    [InlineData("realm://s y s")]
    public void Bad_addresses_are_rejected_with_a_format_error(string text)
    {
        var error = Assert.Throws<FormatException>(() => Address.Parse(text));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        Assert.False(Address.TryParse(text, out _));
    }

    [Fact]
    public void Paths_parse_and_format_with_uid()
    {
        var path = ActorPath.Parse("realm://sys@host:1/user/a/b#42");
        Assert.Equal(Address.Parse("realm://sys@host:1"), path.Address);
        Assert.Equal(["user", "a", "b"], path.Elements);
        Assert.Equal("b", path.Name);
        Assert.Equal(42, path.Uid);
        Assert.Equal("realm://sys@host:1/user/a/b", path.ToString());
        Assert.Equal("realm://sys@host:1/user/a/b#42", path.ToSerializationFormat());
        Assert.Equal("/user/a/b", path.ToStringWithoutAddress());
        Assert.Equal(3, path.Depth);
        Assert.Equal("realm://sys@host:1/user/a", path.Parent!.ToString());
    }

    [Fact]
    public void Equality_ignores_the_uid_but_not_the_address()
    {
        var a = ActorPath.Parse("realm://sys/user/a#1");
        var b = ActorPath.Parse("realm://sys/user/a#2");
        var c = ActorPath.Parse("realm://sys@h:1/user/a");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal(ActorPath.Parse("realm://sys/user") / "a", a);
    }

    [Theory]
    [InlineData("realm://sys/user/a b")]
    [InlineData("realm://sys/user/a$b")]
    [InlineData("realm://sys/user/a#x")]
    [InlineData("realm://sys/user/%zz")]
    [InlineData("not-a-path")]
    public void Bad_paths_are_rejected(string text)
    {
        Assert.Throws<FormatException>(() => ActorPath.Parse(text));
        Assert.False(ActorPath.TryParse(text, out _));
    }

    [Theory]
    [InlineData("worker-1", true)]
    [InlineData("a.b_c*d+e:f@g&h=i,j!k~l'm;n", true)]
    [InlineData("%20encoded", true)]
    [InlineData("$generated", true)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("in$side", false)]
    [InlineData("é", false)]
    public void Path_element_validation(string name, bool valid) => Assert.Equal(valid, ActorPath.IsValidPathElement(name));

    [Fact]
    public void Random_valid_paths_round_trip_through_text()
    {
        var element = Gen.Elements("a", "worker", "x-1", "b.c", "$q", "%41", "node_7", "z~", "w@x");
        var paths = (from system in Gen.Elements("sys", "realm-1", "A_b")
                     from remote in Gen.Elements(true, false)
                     from port in Gen.Choose(0, 65535)
                     from count in Gen.Choose(0, 6)
                     from names in Gen.ArrayOf(element, count)
                     from uid in Gen.Choose(-5, 1000)
                     select (system, remote, port, names, uid)).ToArbitrary();
        Check.One(Runs, Prop.ForAll(paths, p =>
        {
            var address = p.remote ? new Address(Address.RealmProtocol, p.system, "host.example", p.port) : Address.Local(p.system);
            ActorPath path = new RootActorPath(address);
            foreach (var name in p.names)
            {
                path /= name;
            }

            if (p.names.Length > 0)
            {
                path = path.WithUid(p.uid);
            }

            var parsed = ActorPath.Parse(path.ToSerializationFormat());
            return parsed.Equals(path) && parsed.Uid == path.Uid && parsed.ToString() == path.ToString() && parsed.GetHashCode() == path.GetHashCode();
        }));
    }

    [Fact]
    public void Random_text_never_throws_anything_but_format_errors()
    {
        var pieces = Gen.Elements("realm", "://", "sys", "@", "h", ":", "1", "/", "#", "$", "%", "4", " ", "user", "-", "é", ".");
        var texts = Gen.Sized(size => Gen.Choose(0, size).SelectMany(n => Gen.ArrayOf(pieces, n))).Select(string.Concat).ToArbitrary();
        Check.One(Runs, Prop.ForAll(texts, text =>
        {
            try
            {
                ActorPath.Parse(text);
            }
            catch (FormatException)
            {
            }

            return ActorPath.TryParse(text, out _) || true;
        }));
    }
}
