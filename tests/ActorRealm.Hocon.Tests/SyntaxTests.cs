namespace ActorRealm.Hocon.Tests;

public sealed class SyntaxTests
{
    [Theory]
    [InlineData("a = 1", """{"a":1}""")]
    [InlineData("a : 1", """{"a":1}""")]
    [InlineData("a { b = 1 }", """{"a":{"b":1}}""")]
    [InlineData("{ \"a\" : 1 }", """{"a":1}""")]
    [InlineData("a = 1, b = 2,", """{"a":1,"b":2}""")]
    [InlineData("a = 1\nb = 2\n", """{"a":1,"b":2}""")]
    [InlineData("", "{}")]
    [InlineData("# only a comment\n// and another", "{}")]
    public void Parses_fields_with_every_separator(string text, string json) => Assert.Equal(json, Hocon.Json(text));

    [Fact]
    public void Valid_json_is_valid_hocon()
    {
        const string json = """{"a":[1,2.5,-3,1e3,true,false,null,"x\"y"],"b":{"c":{}}}""";
        Assert.Equal(json, Hocon.Json(json));
    }

    [Fact]
    public void Comments_are_ignored_except_inside_quoted_strings()
    {
        var config = Hocon.Resolve("""
            a = "http://example.org" // a comment
            b = "x # not a comment" # a comment
            c = [ 1, # one
                  2  // two
                ]
            """);
        Assert.Equal("http://example.org", config.GetString("a"));
        Assert.Equal("x # not a comment", config.GetString("b"));
        Assert.Equal([1, 2], config.GetIntList("c"));
    }

    [Fact]
    public void Path_keys_expand_and_quoted_keys_do_not()
    {
        var config = Hocon.Resolve("""
            a.b.c = 1
            "a.b" = 2
            x."y.z".w = 3
            """);
        Assert.Equal("""{"a":{"b":{"c":1}},"a.b":2,"x":{"y.z":{"w":3}}}""", config.ToJson(false));
        Assert.Equal(1, config.GetInt("a.b.c"));
        Assert.Equal(2, config.GetInt("\"a.b\""));
        Assert.Equal(3, config.GetInt("x.\"y.z\".w"));
    }

    [Fact]
    public void Objects_defined_twice_merge()
    {
        Assert.Equal("""{"a":{"b":1,"c":2}}""", Hocon.Json("a { b = 1 }\na.c = 2"));
        Assert.Equal("""{"a":{"b":1,"c":2}}""", Hocon.Json("a { b = 1 } { c = 2 }"));
    }

    [Fact]
    public void Later_non_object_replaces_an_object_and_an_object_replaces_a_non_object()
    {
        Assert.Equal("""{"a":5}""", Hocon.Json("a { b = 1 }\na = 5"));
        Assert.Equal("""{"a":{"c":2}}""", Hocon.Json("a = 5\na { c = 2 }"));
        Assert.Equal("""{"foo":{"b":43}}""", Hocon.Json("foo : { a : 42 }, foo : null, foo : { b : 43 }"));
    }

    [Fact]
    public void Concatenation_preserves_inner_whitespace_only()
    {
        var config = Hocon.Resolve("a =   foo bar   baz  \nb = foo\"  \"bar\nc = 1 2 3\nd = true false\ne = [ 1 2 3 4 ]");
        Assert.Equal("foo bar   baz", config.GetString("a"));
        Assert.Equal("foo  bar", config.GetString("b"));
        Assert.Equal("1 2 3", config.GetString("c"));
        Assert.Equal("true false", config.GetString("d"));
        Assert.Equal(["1 2 3 4"], config.GetStringList("e"));
        Assert.Equal(HoconValueType.Boolean, Hocon.Resolve("a = true").GetValue("a").Type);
    }

    [Fact]
    public void Arrays_and_objects_concatenate()
    {
        Assert.Equal("""{"a":[1,2,3,4]}""", Hocon.Json("a = [1, 2] [3, 4]"));
        Assert.Equal("""{"a":[[1,2,3,4]],"b":[[1,2],[3,4]]}""", Hocon.Json("a = [ [ 1, 2 ] [ 3, 4 ] ]\nb = [ [ 1, 2 ]\n [ 3, 4 ] ]"));
    }

    [Fact]
    public void Numbers_keep_their_text_and_type()
    {
        var config = Hocon.Resolve("a = 1\nb = 1.5\nc = -3\nd = 1e3\ne = 10.0bar\nf = 1.2.3\ng = 2024-01-15");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(1.5, config.GetDouble("b"));
        Assert.Equal(-3, config.GetInt("c"));
        Assert.Equal(1000, config.GetInt("d"));
        Assert.Equal(HoconValueType.Number, config.GetValue("d").Type);
        Assert.Equal("1e3", config.GetString("d"));
        Assert.Equal("10.0bar", config.GetString("e"));
        Assert.Equal("1.2.3", config.GetString("f"));
        Assert.Equal("2024-01-15", config.GetString("g"));
    }

    [Fact]
    public void Triple_quoted_strings_keep_newlines_quotes_and_backslashes()
    {
        var config = Hocon.Resolve("a = \"\"\"line one\n  \"quoted\" \\n\n\"\"\"\nb = \"\"\"x\"\"\"\"\"");
        Assert.Equal("line one\n  \"quoted\" \\n\n", config.GetString("a"));
        Assert.Equal("x\"\"", config.GetString("b"));
    }

    [Fact]
    public void Escapes_and_unicode_escapes_are_decoded()
    {
        var config = Hocon.Resolve("""a = "tab\there \"q\" \\ \/ \u00e9\u4e2d \ud83d\ude00 \b\f\n\r" """);
        Assert.Equal("tab\there \"q\" \\ / \u00e9\u4e2d \ud83d\ude00 \b\f\n\r", config.GetString("a"));
    }

    [Fact]
    public void Keywords_only_count_at_the_start_of_an_unquoted_string()
    {
        var config = Hocon.Resolve("a = truefoo\nb = footrue\nc = nullable\ntrue = 42\n3 = x");
        Assert.Equal("truefoo", config.GetString("a"));
        Assert.Equal("footrue", config.GetString("b"));
        Assert.Equal("nullable", config.GetString("c"));
        Assert.Equal(42, config.GetInt("\"true\""));
        Assert.Equal("x", config.GetString("\"3\""));
    }

    [Fact]
    public void Include_is_an_ordinary_word_outside_the_start_of_a_key()
    {
        var config = Hocon.Resolve("foo include = 1\nb = include\nc = [ include ]\n\"include\" = 2");
        Assert.Equal(1, config.GetInt("\"foo include\""));
        Assert.Equal("include", config.GetString("b"));
        Assert.Equal(["include"], config.GetStringList("c"));
        Assert.Equal(2, config.GetInt("\"include\""));
    }

    [Fact]
    public void Whitespace_includes_unicode_separators_and_bom()
    {
        var config = Hocon.Resolve("\uFEFFa\u00A0=\u2003x\u001F\nb\t=\u000B1\r\n");
        Assert.Equal("x", config.GetString("a"));
        Assert.Equal(1, config.GetInt("b"));
    }

    [Theory]
    [InlineData("10.0foo = 1", """{"10":{"0foo":1}}""")]
    [InlineData("foo10.0 = 1", """{"foo10":{"0":1}}""")]
    [InlineData("foo\"10.0\" = 1", """{"foo10.0":1}""")]
    [InlineData("1.2.3 = 1", """{"1":{"2":{"3":1}}}""")]
    [InlineData("3.14 : 42", """{"3":{"14":42}}""")]
    [InlineData("a.\"\".b = 1", """{"a":{"":{"b":1}}}""")]
    [InlineData("a b c : 42", """{"a b c":42}""")]
    [InlineData("\"\" = 1", """{"":1}""")]
    public void Path_expressions_follow_the_spec_examples(string text, string json) => Assert.Equal(json, Hocon.Json(text));
}
