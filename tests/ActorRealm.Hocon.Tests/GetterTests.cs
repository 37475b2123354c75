namespace ActorRealm.Hocon.Tests;

public sealed class GetterTests
{
    public static TheoryData<string, TimeSpan> Durations => new()
    {
        { "10s", TimeSpan.FromSeconds(10) },
        { "500 ms", TimeSpan.FromMilliseconds(500) },
        { "2 minutes", TimeSpan.FromMinutes(2) },
        { "250", TimeSpan.FromMilliseconds(250) },
        { "\"250\"", TimeSpan.FromMilliseconds(250) },
        { "1.5s", TimeSpan.FromMilliseconds(1500) },
        { "300ns", TimeSpan.FromTicks(3) },
        { "1 nano", TimeSpan.Zero },
        { "200 nanos", TimeSpan.FromTicks(2) },
        { "5 nanosecond", TimeSpan.Zero },
        { "500 nanoseconds", TimeSpan.FromTicks(5) },
        { "7us", TimeSpan.FromTicks(70) },
        { "7 micro", TimeSpan.FromTicks(70) },
        { "7 micros", TimeSpan.FromTicks(70) },
        { "7 microsecond", TimeSpan.FromTicks(70) },
        { "7 microseconds", TimeSpan.FromTicks(70) },
        { "3ms", TimeSpan.FromMilliseconds(3) },
        { "3 milli", TimeSpan.FromMilliseconds(3) },
        { "3 millis", TimeSpan.FromMilliseconds(3) },
        { "3 millisecond", TimeSpan.FromMilliseconds(3) },
        { "3 milliseconds", TimeSpan.FromMilliseconds(3) },
        { "4 second", TimeSpan.FromSeconds(4) },
        { "4 seconds", TimeSpan.FromSeconds(4) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "5 minute", TimeSpan.FromMinutes(5) },
        { "6h", TimeSpan.FromHours(6) },
        { "6 hour", TimeSpan.FromHours(6) },
        { "6 hours", TimeSpan.FromHours(6) },
        { "2d", TimeSpan.FromDays(2) },
        { "2 day", TimeSpan.FromDays(2) },
        { "2 days", TimeSpan.FromDays(2) },
        { "-1s", TimeSpan.FromSeconds(-1) },
        { "1e3 ms", TimeSpan.FromSeconds(1) },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void Durations_of_every_unit(string text, TimeSpan expected) =>
        Assert.Equal(expected, Hocon.Resolve($"d = {text}").GetDuration("d"));

    public static TheoryData<string, long> Sizes => new()
    {
        { "512", 512 },
        { "64KiB", 64 * 1024 },
        { "10M", 10L * 1024 * 1024 },
        { "1.5 GB", 1_500_000_000 },
        { "1.5 KiB", 1536 },
        { "3B", 3 }, { "3b", 3 }, { "3 byte", 3 }, { "3 bytes", 3 },
        { "2kB", 2000 }, { "2 kilobyte", 2000 }, { "2 kilobytes", 2000 },
        { "2MB", 2_000_000 }, { "2 megabytes", 2_000_000 }, { "2 GB", 2_000_000_000 }, { "2 gigabyte", 2_000_000_000 },
        { "2TB", 2_000_000_000_000 }, { "2 terabytes", 2_000_000_000_000 },
        { "2PB", 2_000_000_000_000_000 }, { "2 petabyte", 2_000_000_000_000_000 },
        { "2EB", 2_000_000_000_000_000_000 }, { "2 exabytes", 2_000_000_000_000_000_000 },
        { "2K", 2048 }, { "2k", 2048 }, { "2Ki", 2048 }, { "2 kibibyte", 2048 }, { "2 kibibytes", 2048 },
        { "2m", 2L << 20 }, { "2Mi", 2L << 20 }, { "2MiB", 2L << 20 }, { "2 mebibytes", 2L << 20 },
        { "2G", 2L << 30 }, { "2g", 2L << 30 }, { "2GiB", 2L << 30 }, { "2 gibibyte", 2L << 30 },
        { "2T", 2L << 40 }, { "2t", 2L << 40 }, { "2TiB", 2L << 40 }, { "2 tebibytes", 2L << 40 },
        { "2P", 2L << 50 }, { "2p", 2L << 50 }, { "2PiB", 2L << 50 }, { "2 pebibyte", 2L << 50 },
        { "2E", 2L << 60 }, { "2e", 2L << 60 }, { "2EiB", 2L << 60 }, { "2 exbibytes", 2L << 60 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Sizes_of_every_unit(string text, long expected) =>
        Assert.Equal(expected, Hocon.Resolve($"s = {text}").GetBytes("s"));

    [Theory]
    [InlineData("2ZB")]
    [InlineData("2 zebibytes")]
    [InlineData("1 YiB")]
    [InlineData("8EiB")]
    public void Sizes_beyond_a_long_are_out_of_range(string text)
    {
        var e = Hocon.Error(() => Hocon.Resolve($"s = {text}").GetBytes("s"));
        Assert.Equal($"test.conf:1:5: 's': the size '{text}' is out of range for a 64-bit byte count", e.Message);
    }

    [Theory]
    [InlineData("10 parsecs", 1, 5)]
    [InlineData("ten seconds", 1, 5)]
    [InlineData("10S", 1, 5)]
    [InlineData("[1]", 1, 5)]
    public void Bad_durations_name_the_path_and_position(string text, int line, int column)
    {
        var e = Hocon.Error(() => Hocon.Resolve($"d = {text}").GetDuration("d"));
        Hocon.AssertAt(e, line, column);
        Assert.Contains("'d': expected a duration such as 10s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scalars_convert_as_the_spec_recommends()
    {
        var config = Hocon.Resolve("n = 42\ns = \"42\"\nb = yes\nc = off\nt = true\nf = 2.5");
        Assert.Equal("42", config.GetString("n"));
        Assert.Equal(42, config.GetInt("s"));
        Assert.Equal(42L, config.GetLong("s"));
        Assert.True(config.GetBoolean("b"));
        Assert.False(config.GetBoolean("c"));
        Assert.Equal("true", config.GetString("t"));
        Assert.Equal(2.5, config.GetDouble("f"));
    }

    [Fact]
    public void Integer_range_and_fraction_errors()
    {
        var config = Hocon.Resolve("big = 99999999999999999999\nmid = 3000000000\nfrac = 1.5\nhuge = 1e400");
        Assert.Equal(1e20, config.GetDouble("big"));
        Assert.Equal("test.conf:1:7: 'big': 99999999999999999999 is out of range for a 64-bit integer", Hocon.Error(() => config.GetLong("big")).Message);
        Assert.Equal(3_000_000_000L, config.GetLong("mid"));
        Assert.Equal("test.conf:2:7: 'mid': 3000000000 is out of range for a 32-bit integer", Hocon.Error(() => config.GetInt("mid")).Message);
        Assert.Equal("test.conf:3:8: 'frac': expected an integer, found the fraction 1.5", Hocon.Error(() => config.GetInt("frac")).Message);
        Assert.Equal("test.conf:4:8: 'huge': expected a finite number, found the number '1e400'", Hocon.Error(() => config.GetDouble("huge")).Message);
    }

    [Fact]
    public void Missing_and_wrong_type_errors_name_the_path()
    {
        var config = Hocon.Resolve("a { b = x }\nn = null");
        Assert.Equal("no setting at path 'a.c'", Hocon.Error(() => config.GetString("a.c")).Message);
        Assert.Equal("test.conf:1:9: 'a.b': expected an integer, found the string 'x'", Hocon.Error(() => config.GetInt("a.b")).Message);
        Assert.Equal("test.conf:1:3: 'a': expected a string, found an object", Hocon.Error(() => config.GetString("a")).Message);
        Assert.Equal("test.conf:2:5: 'n' is null; a value is required", Hocon.Error(() => config.GetString("n")).Message);
        Assert.Equal("test.conf:1:9: 'a.b.c': 'a.b' is the string 'x', not an object", Hocon.Error(() => config.GetString("a.b.c")).Message);
        Assert.Equal("invalid path 'a..b': a path element is empty; quote empty keys (\"\")", Hocon.Error(() => config.GetString("a..b")).Message.Replace("path:1:1: ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_apply_only_when_missing_or_null()
    {
        var config = Hocon.Resolve("n = null\ns = x");
        Assert.Equal("d", config.GetString("missing", "d"));
        Assert.Equal("d", config.GetString("n", "d"));
        Assert.Equal("x", config.GetString("s", "d"));
        Assert.Equal(5, config.GetInt("missing", 5));
        Assert.Equal(6L, config.GetLong("missing", 6));
        Assert.Equal(0.5, config.GetDouble("missing", 0.5));
        Assert.True(config.GetBoolean("missing", true));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetDuration("missing", TimeSpan.FromSeconds(3)));
        Assert.Equal(7L, config.GetBytes("missing", 7));
        Assert.Equal(["a"], config.GetStringList("missing", ["a"]));
        Assert.Equal([1], config.GetIntList("missing", [1]));
        Assert.Equal([TimeSpan.FromSeconds(1)], config.GetDurationList("missing", [TimeSpan.FromSeconds(1)]));
        Assert.True(config.GetConfigOrEmpty("missing").IsEmpty);
        Assert.Empty(config.GetConfigListOrEmpty("missing"));
        Assert.Throws<HoconException>(() => config.GetInt("s", 5));
        Assert.Throws<HoconException>(() => config.GetConfigOrEmpty("s"));
    }

    [Fact]
    public void Lists_of_every_type()
    {
        var config = Hocon.Resolve("""
            s = [a, "b c", 3]
            i = [1, 2, 3]
            l = [5000000000]
            d = [0.5, 1]
            b = [true, no]
            t = [10s, 500 ms, 2 minutes, 100]
            z = [1K, 2MB]
            c = [{ x = 1 }, { x = 2 }]
            numbered { "1" = b, "0" = a, "10" = c, other = ignored }
            """);
        Assert.Equal(["a", "b c", "3"], config.GetStringList("s"));
        Assert.Equal([1, 2, 3], config.GetIntList("i"));
        Assert.Equal([5_000_000_000L], config.GetLongList("l"));
        Assert.Equal([0.5, 1.0], config.GetDoubleList("d"));
        Assert.Equal([true, false], config.GetBooleanList("b"));
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100)], config.GetDurationList("t"));
        Assert.Equal([1024L, 2_000_000L], config.GetBytesList("z"));
        Assert.Equal([1, 2], config.GetConfigList("c").Select(c => c.GetInt("x")));
        Assert.Equal(["a", "b", "c"], config.GetStringList("numbered"));
        Assert.Equal(3, config.GetValueList("i").Count);
    }

    [Fact]
    public void List_element_errors_name_the_index()
    {
        var config = Hocon.Resolve("t = [10s, soon]\ni = 5");
        Assert.StartsWith("test.conf:1:11: 't[1]': expected a duration", Hocon.Error(() => config.GetDurationList("t")).Message, StringComparison.Ordinal);
        Assert.Equal("test.conf:2:5: 'i': expected a list, found the number '5'", Hocon.Error(() => config.GetIntList("i")).Message);
    }

    [Fact]
    public void Sub_configs_keys_and_has_path()
    {
        var config = Hocon.Resolve("a { b { c = 1, d = 2 }, n = null }");
        var sub = config.GetConfig("a.b");
        Assert.Equal(2, sub.GetInt("d"));
        Assert.Equal(["c", "d"], config.GetObjectKeys("a.b"));
        Assert.Equal(["a"], config.Keys);
        Assert.True(config.HasPath("a.b.c"));
        Assert.False(config.HasPath("a.n"));
        Assert.False(config.HasPath("a.b.c.x"));
        Assert.True(config.TryGetValue("a.n", out var n));
        Assert.Equal(HoconValueType.Null, n.Type);
        Assert.Equal("no setting at path 'a.x'", Hocon.Error(() => config.GetConfig("a.x")).Message);
    }

    [Fact]
    public void Errors_of_a_sub_config_name_the_path_from_the_root()
    {
        var node = Hocon.Resolve("actorrealm { node { port = abc, hosts = [1, {}] } }").GetConfig("actorrealm").GetConfig("node");

        Assert.Equal("test.conf:1:28: 'actorrealm.node.port': expected an integer, found the string 'abc'", Hocon.Error(() => node.GetInt("port")).Message);
        Assert.Equal("no setting at path 'actorrealm.node.name'", Hocon.Error(() => node.GetString("name")).Message);
        Assert.StartsWith("test.conf:1:45: 'actorrealm.node.hosts[1]'", Hocon.Error(() => node.GetStringList("hosts")).Message, StringComparison.Ordinal);
        Assert.Equal("test.conf:1:28: 'actorrealm.node.port.x': 'actorrealm.node.port' is the string 'abc', not an object", Hocon.Error(() => node.GetValue("port.x")).Message);
    }

    [Fact]
    public void Values_know_their_origin()
    {
        var config = ConfigFactory.ParseString("a {\n  b = [1,\n    2]\n}", "my.conf").Resolve();
        Assert.Equal(new HoconOrigin("my.conf", 2, 7), config.GetValue("a.b").Origin);
        Assert.Equal("my.conf:3:5", ((HoconArray)config.GetValue("a.b"))[1].Origin.ToString());
    }

    [Fact]
    public void Unresolved_configs_refuse_getters_on_substitutions_only()
    {
        var config = ConfigFactory.ParseString("a = 1\nb = ${a}", "test.conf");
        Assert.False(config.IsResolved);
        Assert.Equal(1, config.GetInt("a"));
        var e = Hocon.Error(() => config.GetInt("b"));
        Assert.Equal("test.conf:2:5: 'b' has unresolved substitutions; call Resolve() on the configuration first", e.Message);
        Assert.True(config.Resolve().IsResolved);
        Assert.Throws<HoconException>(() => config.ToJson());
    }
}
