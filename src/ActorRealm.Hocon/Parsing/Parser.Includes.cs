using System.Text;

namespace ActorRealm.Hocon.Parsing;

/// <summary>Include statements: <c>include "x"</c>, <c>include file("x")</c>, <c>include required(...)</c>.</summary>
internal sealed partial class Parser
{
    private static readonly Dictionary<string, (IncludeKind Kind, bool Required)> IncludeShapes = new(StringComparer.Ordinal)
    {
        ["\0"] = (IncludeKind.Heuristic, false),
        ["file(\0)"] = (IncludeKind.File, false),
        ["classpath(\0)"] = (IncludeKind.Classpath, false),
        ["url(\0)"] = (IncludeKind.Url, false),
        ["required(\0)"] = (IncludeKind.Heuristic, true),
        ["required(file(\0))"] = (IncludeKind.File, true),
        ["required(classpath(\0))"] = (IncludeKind.Classpath, true),
        ["required(url(\0))"] = (IncludeKind.Url, true),
    };

    private void Include(HoconObject target, string[] path)
    {
        var keyword = Current;
        _pos++;
        SkipWhitespaceAndNewlines();
        var argument = Current;

        // The argument is one quoted name, possibly wrapped in file( ), classpath( ), url( ) and required( );
        // '(' and ')' lex as unquoted text, so the wrapping is matched as a shape around the name.
        var shape = new StringBuilder();
        Token? name = null;
        while (Current.Kind is TokenKind.Quoted or TokenKind.Unquoted or TokenKind.Whitespace)
        {
            var token = Current;
            if (token.Kind == TokenKind.Quoted)
            {
                if (name is not null)
                {
                    throw Error(token, "include takes a single quoted name");
                }

                name = token;
                shape.Append('\0');
            }
            else if (token.Kind == TokenKind.Unquoted)
            {
                shape.Append(token.Text);
            }

            _pos++;
        }

        if (name is not { } nameToken || !IncludeShapes.TryGetValue(shape.ToString(), out var form))
        {
            throw Error(argument, $"expected a quoted name after {keyword.Describe()}: include \"name.conf\", include file(\"name.conf\"), include classpath(\"name.conf\") or include required(...) around one of them; found {argument.Describe()}");
        }

        var included = _context.Include(form.Kind, nameToken.Text, form.Required, At(nameToken), path, _depth);
        if (included is null)
        {
            return;
        }

        foreach (var (key, value) in included.Fields)
        {
            MergeField(target, key, value);
        }
    }
}
