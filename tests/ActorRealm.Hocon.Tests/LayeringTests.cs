using System.Collections;

namespace ActorRealm.Hocon.Tests;

public sealed class LayeringTests
{
    private static Config Parse(string text) => ConfigFactory.ParseString(text, "test.conf");

    [Fact]
    public void With_fallback_merges_objects_and_the_first_config_wins()
    {
        var merged = Parse("a { x = 1 }\nb = user").WithFallback(Parse("a { y = 2 }\nb = default\nc = 3")).Resolve();
        Assert.Equal("""{"a":{"y":2,"x":1},"b":"user","c":3}""", merged.ToJson(false));
    }

    [Fact]
    public void A_non_object_hides_objects_further_down_only_when_between_them()
    {
        var one = Parse("a : { x : 1 }");
        var number = Parse("a : 42");
        var two = Parse("a : { y : 2 }");
        Assert.Equal("""{"a":{"x":1}}""", one.WithFallback(number).WithFallback(two).Resolve().ToJson(false));
        Assert.Equal("""{"a":{"y":2,"x":1}}""", one.WithFallback(two).WithFallback(number).Resolve().ToJson(false));
    }

    [Fact]
    public void Substitutions_resolve_across_layers_and_self_references_see_the_fallback()
    {
        var user = Parse("path = ${path} [ /usr/bin ]\nport = ${base-port}");
        var reference = Parse("path = [ /bin ]\nbase-port = 2552");
        var config = user.WithFallback(reference).Resolve();
        Assert.Equal(["/bin", "/usr/bin"], config.GetStringList("path"));
        Assert.Equal(2552, config.GetInt("port"));
    }

    [Fact]
    public void With_value_and_without_path_return_changed_copies()
    {
        var config = Parse("a { b = 1, c = 2 }").Resolve();
        var changed = config.WithValue("a.b", HoconScalar.FromNumber(5)).WithValue("x.y", HoconValue.Parse("[1, 2]")).WithoutPath("a.c");
        Assert.Equal("""{"a":{"b":5},"x":{"y":[1,2]}}""", changed.ToJson(false));
        Assert.Equal("""{"a":{"b":1,"c":2}}""", config.ToJson(false));
        Assert.Same(config.Root, config.WithoutPath("q.r").Root);
    }

    [Fact]
    public void Entries_lists_every_leaf_with_its_path()
    {
        var config = Parse("a { b = 1, \"c.d\" { e = [1] } }\nf {}").Resolve();
        Assert.Equal(["a.b", "a.\"c.d\".e", "f"], config.Entries().Select(e => e.Key));
    }

    [Fact]
    public void Environment_overrides_map_names_to_paths()
    {
        var env = new Hashtable
        {
            ["ACTORREALM__NODE__PORT"] = "2553",
            ["ACTORREALM__NODE__DATA_DIR"] = "/var/lib/actorrealm",
            ["ACTORREALM__NODE__SEEDS"] = "[a, b]",
            ["ACTORREALM__NODE__TIMEOUT"] = "10s",
            ["ACTORREALM__NODE__URL"] = "http://x//y # z",
            ["ACTORREALM__NODE__QUOTED"] = "\"q\"",
            ["ACTORREALM__NODE__FLAG"] = "true",
            ["actorrealm__node__lower"] = "yes",
            ["ACTORREALM__"] = "ignored",
            ["ACTORREALM___X"] = "odd",
            ["OTHER__NODE__PORT"] = "1",
            ["ACTORREALM"] = "ignored",
        };
        var overrides = ConfigFactory.EnvironmentOverrides(env);
        Assert.Equal(2553, overrides.GetInt("actorrealm.node.port"));
        Assert.Equal("/var/lib/actorrealm", overrides.GetString("actorrealm.node.data-dir"));
        Assert.Equal(["a", "b"], overrides.GetStringList("actorrealm.node.seeds"));
        Assert.Equal(TimeSpan.FromSeconds(10), overrides.GetDuration("actorrealm.node.timeout"));
        Assert.Equal(HoconValueType.String, overrides.GetValue("actorrealm.node.timeout").Type);
        Assert.Equal("http://x//y # z", overrides.GetString("actorrealm.node.url"));
        Assert.Equal("q", overrides.GetString("actorrealm.node.quoted"));
        Assert.Equal(HoconValueType.Boolean, overrides.GetValue("actorrealm.node.flag").Type);
        Assert.True(overrides.GetBoolean("actorrealm.node.lower"));
        Assert.Equal("odd", overrides.GetString("actorrealm.-x"));
        Assert.Equal(["actorrealm"], overrides.Keys);
        Assert.Equal(new HoconOrigin("env ACTORREALM__NODE__PORT", 1, 1), overrides.GetValue("actorrealm.node.port").Origin);
    }

    [Fact]
    public void Load_layers_overrides_over_user_over_reference_resolved_together()
    {
        var reference = Parse("""
            actorrealm.node { port = 25520, host = 127.0.0.1, data-dir = data, journal = ${actorrealm.node.data-dir}"/journal" }
            """);
        var user = Parse("actorrealm.node { host = 10.0.0.5, data-dir = /srv }");
        var env = new Hashtable { ["ACTORREALM__NODE__PORT"] = "2553", ["HOME"] = "/home/x" };
        var config = ConfigFactory.Load(user, reference, env);
        Assert.Equal(2553, config.GetInt("actorrealm.node.port"));
        Assert.Equal("10.0.0.5", config.GetString("actorrealm.node.host"));
        Assert.Equal("/srv/journal", config.GetString("actorrealm.node.journal"));
        Assert.True(config.IsResolved);
    }

    [Fact]
    public void Load_from_a_file_and_references_from_assemblies()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "x = ${y}");
        var reference = ConfigFactory.Reference([typeof(LayeringTests).Assembly, typeof(Config).Assembly]);
        Assert.True(reference.IsEmpty);
        var config = ConfigFactory.Load(file, Parse("y = 1"), new Hashtable());
        Assert.Equal(1, config.GetInt("x"));
        Assert.Equal("ActorRealm.Hocon.reference.conf", ConfigFactory.ReferenceResourceName(typeof(Config).Assembly));
    }

    [Fact]
    public void Single_values_parse_for_programmatic_use()
    {
        Assert.Equal("""{"a":[1,"b"]}""", HoconValue.Parse("{ a = [1, b] }").ToJson(false));
        Assert.Equal("10 s", ((HoconScalar)HoconValue.Parse("10 s")).Text);
        Assert.Contains("substitutions are not allowed", Hocon.Error(() => HoconValue.Parse("${x}")).Message, StringComparison.Ordinal);
        Assert.Contains("expected a single value", Hocon.Error(() => HoconValue.Parse("a\nb")).Message, StringComparison.Ordinal);
        Assert.Contains("include is not allowed here", Hocon.Error(() => HoconValue.Parse("{ include \"x\" }")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Programmatic_values_render_as_json()
    {
        var obj = new HoconObject([new("s", HoconScalar.FromString("x\"\n")), new("d", HoconScalar.FromNumber(0.25)), new("b", HoconScalar.FromBoolean(false)), new("n", HoconScalar.Null()), new("a", new HoconArray([HoconScalar.FromNumber(1L)]))]);
        Assert.Equal("""{"s":"x\"\n","d":0.25,"b":false,"n":null,"a":[1]}""", obj.ToJson(false));
        Assert.Equal("{\n  \"a\": [\n    1\n  ]\n}", new HoconObject([new("a", new HoconArray([HoconScalar.FromNumber(1L)]))]).ToJson());
        Assert.Throws<HoconException>(() => HoconScalar.FromNumber(double.NaN));
    }

    [Fact]
    public void Absurdly_long_override_names_are_errors_not_crashes()
    {
        var name = "ACTORREALM" + string.Concat(Enumerable.Repeat("__A", 5000));
        var e = Assert.Throws<HoconException>(() => ConfigFactory.EnvironmentOverrides(new Hashtable { [name] = "1" }));
        Assert.Contains("at most 511 are allowed", e.Message, StringComparison.Ordinal);
    }
}
