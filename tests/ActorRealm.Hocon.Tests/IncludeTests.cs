namespace ActorRealm.Hocon.Tests;

public sealed class IncludeTests
{
    private static Config Load(string path) => ConfigFactory.ParseFile(path).Resolve(Hocon.NoEnvironment);

    [Fact]
    public void Include_variants_resolve_relative_to_the_including_file()
    {
        using var dir = new TempDirectory();
        dir.Write("conf/a.conf", "a = 1");
        dir.Write("conf/b.conf", "b = 2");
        dir.Write("conf/sub/c.conf", "c = 3\ninclude \"d.conf\"");
        dir.Write("conf/sub/d.conf", "d = 4");
        dir.Write("conf/e.conf", "e = 5");
        var main = dir.Write("conf/main.conf", """
            include "a.conf"
            include file("b.conf")
            include required("sub/c.conf")
            include required( file( "e.conf" ) )
            include "missing.conf"
            include file("missing-too.conf")
            """);
        Assert.Equal("""{"a":1,"b":2,"c":3,"d":4,"e":5}""", Load(main).ToJson(false));
    }

    [Fact]
    public void Missing_required_include_is_an_error_at_the_include()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("main.conf", "x = 1\ninclude required(\"nope.conf\")");
        var e = Hocon.Error(() => Load(main));
        Assert.Equal($"{main}:2:18: required include 'nope.conf' not found (looked for {Path.Combine(dir.Path, "nope.conf")})", e.Message);
    }

    [Fact]
    public void Includes_inside_objects_scope_keys_and_substitutions()
    {
        using var dir = new TempDirectory();
        dir.Write("foo.conf", "x : 10, y : ${x}, z : ${top}");
        var main = dir.Write("main.conf", """
            top = from-root
            a : { include "foo.conf" }
            a : { x : 42 }
            b { include "foo.conf" }
            """);
        var config = Load(main);
        Assert.Equal(42, config.GetInt("a.y"));
        Assert.Equal(10, config.GetInt("b.y"));
        Assert.Equal("from-root", config.GetString("a.z"));
        Assert.False(config.HasPath("x"));
    }

    [Fact]
    public void Included_keys_merge_like_duplicate_keys_in_order()
    {
        using var dir = new TempDirectory();
        dir.Write("inc.conf", "o { b = 2, c = inc }\nv = inc");
        var main = dir.Write("main.conf", "o { a = 1 }\nv = before\ninclude \"inc.conf\"\no.c = after");
        Assert.Equal("""{"o":{"a":1,"b":2,"c":"after"},"v":"inc"}""", Load(main).ToJson(false));
    }

    [Fact]
    public void Plus_equals_in_an_included_file_appends_at_the_included_path()
    {
        using var dir = new TempDirectory();
        dir.Write("inc.conf", "list += b");
        var main = dir.Write("main.conf", "list = [z]\nscope { list = [a] }\nscope { include \"inc.conf\" }");
        var config = Load(main);
        Assert.Equal(["a", "b"], config.GetStringList("scope.list"));
        Assert.Equal(["z"], config.GetStringList("list"));
    }

    [Fact]
    public void Name_without_extension_loads_json_then_conf()
    {
        using var dir = new TempDirectory();
        dir.Write("both.json", """{ "a": "json", "b": "json" }""");
        dir.Write("both.conf", "b = conf");
        var main = dir.Write("main.conf", "include \"both\"");
        Assert.Equal("""{"a":"json","b":"conf"}""", Load(main).ToJson(false));
    }

    [Fact]
    public void Include_cycles_are_errors_not_hangs()
    {
        using var dir = new TempDirectory();
        dir.Write("a.conf", "a = 1\ninclude \"b.conf\"");
        var b = dir.Write("b.conf", "b = 1\ninclude \"a.conf\"");
        var e = Hocon.Error(() => Load(Path.Combine(dir.Path, "a.conf")));
        Assert.StartsWith($"{b}:2:9: include cycle: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_inside_included_files_name_that_file()
    {
        using var dir = new TempDirectory();
        var bad = dir.Write("bad.conf", "ok = 1\nbroken = {");
        var main = dir.Write("main.conf", "include \"bad.conf\"");
        var e = Hocon.Error(() => Load(main));
        Assert.Equal($"{bad}:2:11: expected '}}' to close the object opened at 2:10, found end of input", e.Message);
    }

    [Fact]
    public void Included_root_must_be_an_object()
    {
        using var dir = new TempDirectory();
        var array = dir.Write("array.json", "[1, 2]");
        var main = dir.Write("main.conf", "include \"array.json\"");
        Assert.Equal($"{array}:1:1: expected an object at the root of the document, found an array", Hocon.Error(() => Load(main)).Message);
    }

    [Fact]
    public void Url_and_classpath_includes_outside_resources_are_clear_errors()
    {
        Assert.Contains("only file: URLs are supported", Hocon.ParseError("include url(\"http://example.org/x.conf\")").Message, StringComparison.Ordinal);
        Assert.Contains("classpath() includes work only inside an embedded resource", Hocon.ParseError("include classpath(\"x.conf\")").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_urls_are_files()
    {
        using var dir = new TempDirectory();
        var target = dir.Write("t.conf", "t = 1");
        var main = dir.Write("main.conf", $"include url(\"{new Uri(target).AbsoluteUri}\")");
        Assert.Equal(1, Load(main).GetInt("t"));
    }

    [Fact]
    public void Embedded_resources_include_resources_of_the_same_assembly()
    {
        var config = ConfigFactory.FromResource(typeof(IncludeTests).Assembly, "resources/main.conf").Resolve(Hocon.NoEnvironment);
        Assert.Equal("""{"shared":{"from":"resource"},"main":true,"cp":1}""", config.ToJson(false));
        var e = Hocon.Error(() => ConfigFactory.FromResource(typeof(IncludeTests).Assembly, "nope.conf"));
        Assert.StartsWith("ActorRealm.Hocon.Tests has no embedded resource 'nope.conf'", e.Message, StringComparison.Ordinal);
    }
}
