namespace ActorRealm.Hocon.Tests;

public sealed class SubstitutionTests
{
    [Fact]
    public void Substitutions_look_forward_and_keep_their_type()
    {
        var config = Hocon.Resolve("a = ${b}\nb = { c = [1, 2] }\nd = ${b.c}\ne = ${x}\nx = 7");
        Assert.Equal("""{"a":{"c":[1,2]},"b":{"c":[1,2]},"d":[1,2],"e":7,"x":7}""", config.ToJson(false));
        Assert.Equal(HoconValueType.Number, config.GetValue("e").Type);
    }

    [Fact]
    public void Substitutions_inside_strings_arrays_and_objects()
    {
        var config = Hocon.Resolve("""
            name = world
            greeting = hello ${name}"!"
            list = [ ${name}, "x"${name}, { n = ${name} } ]
            obj = { inner = ${name}, deeper { x = ${greeting} } }
            """);
        Assert.Equal("hello world!", config.GetString("greeting"));
        Assert.Equal("""["world","xworld",{"n":"world"}]""", config.GetValue("list").ToJson(false));
        Assert.Equal("hello world!", config.GetString("obj.deeper.x"));
    }

    [Fact]
    public void Optional_missing_substitution_removes_the_field_or_keeps_the_earlier_value()
    {
        var config = Hocon.Resolve("a = ${?missing}\nb = 1\nb = ${?missing}\nc = [ 1, ${?missing}, 2 ]\nd = x${?missing}y");
        Assert.False(config.HasPath("a"));
        Assert.Equal(1, config.GetInt("b"));
        Assert.Equal([1, 2], config.GetIntList("c"));
        Assert.Equal("xy", config.GetString("d"));
    }

    [Fact]
    public void Self_reference_sees_the_earlier_value()
    {
        var config = Hocon.Resolve("""
            path = "a:b:c"
            path = ${path}":d"
            list = [ 1, 2 ]
            list = ${list} [ 3, 4 ]
            a = { x = 1 }
            a = ${a} { b = 2 }
            o = ${?o} "first"
            """);
        Assert.Equal("a:b:c:d", config.GetString("path"));
        Assert.Equal([1, 2, 3, 4], config.GetIntList("list"));
        Assert.Equal("""{"x":1,"b":2}""", config.GetValue("a").ToJson(false));
        Assert.Equal("first", config.GetString("o"));
    }

    [Fact]
    public void Plus_equals_appends_including_as_first_definition()
    {
        var config = Hocon.Resolve("a += 1\na += 2\nb = [x]\nb += y\nc { d += 5 }");
        Assert.Equal([1, 2], config.GetIntList("a"));
        Assert.Equal(["x", "y"], config.GetStringList("b"));
        Assert.Equal([5], config.GetIntList("c.d"));
    }

    [Fact]
    public void Self_reference_looks_below_even_through_a_path()
    {
        Assert.Equal("""{"foo":{"a":2,"c":1}}""", Hocon.Json("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }"));
    }

    [Fact]
    public void Objects_may_refer_to_paths_inside_themselves()
    {
        Assert.Equal(43, Hocon.Resolve("bar : { foo : 42, baz : ${bar.foo} }\nbar : { foo : 43 }").GetInt("bar.baz"));
        var config = Hocon.Resolve("bar : { a : ${foo.d}, b : 1 }\nbar.b = 3\nfoo : { c : ${bar.b}, d : 2 }\nfoo.d = 4");
        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Hidden_substitutions_are_never_evaluated()
    {
        Assert.Equal(42, Hocon.Resolve("foo : ${does-not-exist}\nfoo : 42").GetInt("foo"));
        Assert.Equal(42, Hocon.Resolve("foo : ${foo}\nfoo : 42").GetInt("foo"));
    }

    [Fact]
    public void Inheritance_by_object_concatenation()
    {
        var config = Hocon.Resolve("generic = { size = 6, name = x }\neast = ${generic} { name = east }");
        Assert.Equal("""{"size":6,"name":"east"}""", config.GetValue("east").ToJson(false));
    }

    [Fact]
    public void Cycles_are_errors_naming_the_substitution()
    {
        var e = Hocon.ParseError("a = ${b}\nb = ${a}");
        Hocon.AssertAt(e, 2, 5);
        Assert.Contains("${b} -> ${a}", e.Message, StringComparison.Ordinal);

        var three = Hocon.ParseError("a : ${b}\nb : ${c}\nc : ${a}");
        Hocon.AssertAt(three, 3, 5);

        var inObject = Hocon.ParseError("a = { b = ${a} }");
        Hocon.AssertAt(inObject, 1, 11);
        Assert.Contains("cycle", inObject.Message, StringComparison.Ordinal);

        Hocon.AssertAt(Hocon.ParseError("foo : ${foo}"), 1, 7);
    }

    [Fact]
    public void Optional_self_reference_and_optional_cycles_are_missing()
    {
        var config = Hocon.Resolve("foo : ${?foo}\na = ${?a}foo\nx = { y = ${?x} }");
        Assert.False(config.HasPath("foo"));
        Assert.Equal("foo", config.GetString("a"));
        Assert.Equal("{}", config.GetValue("x").ToJson(false));
    }

    [Fact]
    public void Undefined_substitution_is_an_error_at_its_position()
    {
        var e = Hocon.ParseError("a = 1\nb = x ${nope.here}");
        Hocon.AssertAt(e, 2, 7);
        Assert.Contains("${nope.here}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_are_the_fallback_unless_the_tree_has_the_path()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/home/me", ["SET"] = "env" };
        var config = Hocon.Resolve("home = ${HOME}\nSET = null\nset = ${SET}\nempty = ${?NOPE}", env);
        Assert.Equal("/home/me", config.GetString("home"));
        Assert.Equal(HoconValueType.Null, config.GetValue("set").Type);
        Assert.False(config.HasPath("empty"));
    }

    [Fact]
    public void Real_environment_is_used_by_default()
    {
        var name = $"ACTORREALM_TEST_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, "from the process");
        try
        {
            Assert.Equal("from the process", ConfigFactory.ParseString($"v = ${{{name}}}").Resolve().GetString("v"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Mixing_objects_and_strings_in_a_concatenation_is_an_error()
    {
        var e = Hocon.ParseError("a = { x = 1 }\nb = ${a} foo");
        Hocon.AssertAt(e, 2, 10);
        Assert.Contains("cannot concatenate an object with the string 'foo'", e.Message, StringComparison.Ordinal);
        Hocon.AssertAt(Hocon.ParseError("b = [1] foo"), 1, 9);
    }

    [Fact]
    public void Whitespace_between_substitutions_of_objects_is_ignored()
    {
        Assert.Equal("""{"x":1,"y":2}""", Hocon.Resolve("a = {x = 1}\nb = {y = 2}\nc = ${a} ${b}").GetValue("c").ToJson(false));
        Assert.Equal("1 2", Hocon.Resolve("a = 1\nb = 2\nc = ${a} ${b}").GetString("c"));
    }

    [Fact]
    public void Mutual_self_references_get_one_value()
    {
        var config = Hocon.Resolve("a : 1\nb : 2\na : ${b}\nb : ${a}");
        Assert.Equal(config.GetInt("a"), config.GetInt("b"));
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error()
    {
        var e = Hocon.ParseError("a = 1\na += 2");
        Hocon.AssertAt(e, 2, 3);
        Assert.Contains("cannot concatenate the number '1' with an array", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitution_in_an_object_sees_the_whole_tree_after_merging()
    {
        var config = Hocon.Resolve("defaults { port = 1, url = \"h:\"${defaults.port} }\ndefaults.port = 2");
        Assert.Equal("h:2", config.GetString("defaults.url"));
    }

    [Fact]
    public void Nested_self_references_and_appends()
    {
        var config = Hocon.Resolve("""
            a.b = 1
            a.b = ${a.b}x
            c { d = [1] }
            c { d += 2 }
            x = { y = 1 }
            x = ${x} { z = ${x.y} }
            chain = a
            chain = ${chain}b
            chain = ${chain}c
            """);
        Assert.Equal("1x", config.GetString("a.b"));
        Assert.Equal([1, 2], config.GetIntList("c.d"));
        Assert.Equal("""{"y":1,"z":1}""", config.GetValue("x").ToJson(false));
        Assert.Equal("abc", config.GetString("chain"));
    }

    [Fact]
    public void Null_counts_as_set_and_empty_environment_values_are_kept()
    {
        var config = Hocon.Resolve("n = null\na = ${?n}\nb = ${EMPTY}", new Dictionary<string, string> { ["EMPTY"] = string.Empty });
        Assert.Equal(HoconValueType.Null, config.GetValue("a").Type);
        Assert.Equal(string.Empty, config.GetString("b"));
    }
}
