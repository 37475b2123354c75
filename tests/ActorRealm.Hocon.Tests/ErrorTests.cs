using System.Text;

namespace ActorRealm.Hocon.Tests;

/// <summary>Every malformed input fails with a <see cref="HoconException"/> at the exact position, saying what was expected.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("a { b = 1", 1, 10, "expected '}' to close the object opened at 1:3, found end of input")]
    [InlineData("a {\n  b { c = 1 }\n", 3, 1, "expected '}' to close the object opened at 1:3, found end of input")]
    [InlineData("{ a = 1", 1, 8, "expected '}' to close the object opened at 1:1, found end of input")]
    [InlineData("a = [1, 2", 1, 10, "expected ']' to close the array opened at 1:5, found end of input")]
    [InlineData("a = 1 }", 1, 7, "unbalanced '}': there is no matching '{'")]
    [InlineData("a = \"abc", 1, 5, "unterminated quoted string: expected a closing '\"'")]
    [InlineData("a = \"\"\"abc\"\"", 1, 5, "unterminated triple-quoted string: expected a closing '\"\"\"'")]
    [InlineData("a = \"ab\ncd\"", 1, 8, "newline inside a quoted string: end the string with '\"', write \\n, or use a triple-quoted \"\"\"string\"\"\"")]
    [InlineData("a = \"x\\qy\"", 1, 7, "invalid escape '\\q' in a quoted string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")]
    [InlineData("a = \"\\u12G4\"", 1, 6, "invalid unicode escape: expected four hex digits after \\u")]
    [InlineData("a = b&c", 1, 6, "the character '&' is reserved and not allowed outside quotes; put the value in quotes")]
    [InlineData("a = why?", 1, 8, "the character '?' is reserved and not allowed outside quotes; put the value in quotes")]
    [InlineData("a = 1+2", 1, 6, "the character '+' is reserved and not allowed outside quotes; put the value in quotes")]
    [InlineData("a = x + y", 1, 7, "'+' is only allowed as the '+=' separator; put strings that contain '+' in quotes")]
    [InlineData("a = $x", 1, 5, "'$' must start a substitution '${path}'; put strings that contain '$' in quotes")]
    [InlineData("a = ${b", 1, 5, "unterminated substitution: expected '}'")]
    [InlineData("a = ${b:c}", 1, 8, "unexpected ':' inside a substitution: expected a path and '}'")]
    [InlineData("a = ${}", 1, 5, "expected a path in the substitution, found nothing")]
    [InlineData("a = ${b..c}", 1, 5, "the path in the substitution has an empty element (as in 'a..b', '.a' or 'a.'); quote empty keys (\"\")")]
    [InlineData("a = [1,,2]", 1, 8, "two commas in a row: expected a value or ']'")]
    [InlineData("a = [,1]", 1, 6, "unexpected ',': expected a value or ']'")]
    [InlineData("a = [1,2,,]", 1, 10, "two commas in a row: expected a value or ']'")]
    [InlineData("a = 1,, b = 2", 1, 7, "two commas in a row: expected a field or '}'")]
    [InlineData(", a = 1", 1, 1, "unexpected ',': expected a field")]
    [InlineData("a..b = 1", 1, 1, "the path in the key has an empty element (as in 'a..b', '.a' or 'a.'); quote empty keys (\"\")")]
    [InlineData(".a = 1", 1, 1, "the path in the key has an empty element (as in 'a..b', '.a' or 'a.'); quote empty keys (\"\")")]
    [InlineData("a. = 1", 1, 1, "the path in the key has an empty element (as in 'a..b', '.a' or 'a.'); quote empty keys (\"\")")]
    [InlineData("a = ", 1, 5, "expected a value after '=', found end of input")]
    [InlineData("a = \nb = 2", 2, 3, "expected ',' or a newline after a field, found '=' (put values that contain ':' or '=' in quotes)")]
    [InlineData("a = 1 : 2", 1, 7, "expected ',' or a newline after a field, found ':' (put values that contain ':' or '=' in quotes)")]
    [InlineData("a 1", 1, 4, "expected ':', '=' or '{' after the key \"a 1\", found end of input")]
    [InlineData("a\n= 1", 1, 2, "expected ':', '=' or '{' after the key a, found a newline")]
    [InlineData("${a} = 1", 1, 1, "substitutions are not allowed in keys")]
    [InlineData("a = 1\n[1]", 2, 1, "expected a key or '}', found '['")]
    [InlineData("[1, 2]", 1, 1, "expected an object at the root of the document, found an array")]
    [InlineData("{ a = 1 } b = 2", 1, 11, "expected end of input after the root object's closing '}', found 'b'")]
    [InlineData("include foo", 1, 9, "expected a quoted name after 'include': include \"name.conf\", include file(\"name.conf\"), include classpath(\"name.conf\") or include required(...) around one of them; found 'foo'")]
    [InlineData("include = 1", 1, 9, "expected a quoted name after 'include': include \"name.conf\", include file(\"name.conf\"), include classpath(\"name.conf\") or include required(...) around one of them; found '='")]
    [InlineData("include \"a\" \"b\"", 1, 13, "include takes a single quoted name")]
    [InlineData("a = [ 1 2 : ]", 1, 11, "expected ',', a newline or ']' after an array element, found ':' (put values that contain ':' or '=' in quotes)")]
    public void Malformed_input_is_reported_at_its_position(string text, int line, int column, string reason)
    {
        var e = Hocon.ParseError(text);
        Assert.Equal(reason, e.Reason);
        Hocon.AssertAt(e, line, column);
        Assert.Equal("test.conf", e.FileName);
    }

    [Fact]
    public void Deep_nesting_is_bounded_not_a_stack_overflow()
    {
        var braces = string.Concat(Enumerable.Repeat("a {", 5000));
        var e = Hocon.ParseError(braces);
        Assert.Contains("nesting deeper than 128 levels", e.Message, StringComparison.Ordinal);

        var arrays = "a = " + new string('[', 100_000);
        Assert.Contains("nesting deeper than 128 levels", Hocon.ParseError(arrays).Message, StringComparison.Ordinal);

        var path = string.Join('.', Enumerable.Repeat("k", 200)) + " = 1";
        Assert.Contains("nesting deeper than 128 levels", Hocon.ParseError(path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_substitution_chains_are_bounded()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 12_000; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"k{i} = ${{k{i + 1}}}\n");
        }

        sb.Append("k12000 = end\n");
        var e = Hocon.ParseError(sb.ToString());
        Assert.Contains("substitution chain too long", e.Message, StringComparison.Ordinal);

        // A chain well inside the bound resolves.
        var shortChain = "k0 = ${k1}\nk1 = ${k2}\nk2 = ${k3}\nk3 = end";
        Assert.Equal("end", Hocon.Resolve(shortChain).GetString("k0"));
    }

    [Fact]
    public void Deep_trees_built_by_substitutions_are_bounded()
    {
        var sb = new StringBuilder("a0 = { x = 1 }\n");
        for (var i = 1; i <= 600; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i} = {{ x = ${{a{i - 1}}} }}\n");
        }

        var e = Hocon.ParseError(sb.ToString());
        Assert.Contains("objects and arrays nested deeper than 512 levels after substitution", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_appends_to_one_list_resolve()
    {
        var text = string.Concat(Enumerable.Repeat("list += x\n", 1000));
        Assert.Equal(1000, Hocon.Resolve(text).GetStringList("list").Count);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_reported_with_its_position()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hocon-{Guid.NewGuid():N}.conf");
        File.WriteAllBytes(path, [(byte)'a', (byte)'=', (byte)'1', (byte)'\n', (byte)'b', (byte)'=', 0xFF, 0xFE]);
        try
        {
            var e = Hocon.Error(() => ConfigFactory.ParseFile(path));
            Assert.Equal($"{path}:2:3: the file is not valid UTF-8", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_names_the_file()
    {
        var e = Hocon.Error(() => ConfigFactory.ParseFile("/no/such/file.conf"));
        Assert.Equal("/no/such/file.conf: file not found", e.Message);
        Assert.Equal("/no/such/file.conf", e.FileName);
    }
}
