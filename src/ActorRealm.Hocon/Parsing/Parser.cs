using ActorRealm.Hocon.Resolution;

namespace ActorRealm.Hocon.Parsing;

/// <summary>
/// Builds the unresolved value tree of one HOCON document from its tokens. Duplicate keys are merged as they
/// are read; substitutions stay as nodes for <see cref="Resolver"/>. Every error is a <see cref="HoconException"/>.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>The deepest nesting of objects and arrays (path keys count one level per element).</summary>
    public const int MaxDepth = 128;

    private readonly Tokenizer _tokenizer;

    // Tokens read but not yet discarded; the parser drops the consumed ones between fields and elements.
    private readonly List<Token> _tokens = new(32);
    private readonly string _fileName;
    private readonly IncludeContext _context;
    private readonly string[] _prefix;
    private int _pos;
    private int _depth;

    private Parser(string text, string fileName, IncludeContext context, string[] prefix, int depth)
    {
        _tokenizer = new Tokenizer(text, fileName);
        _fileName = fileName;
        _context = context;
        _prefix = prefix;
        _depth = depth;
    }

    private Token Current
    {
        get
        {
            while (_pos >= _tokens.Count)
            {
                _tokens.Add(_tokenizer.Next());
            }

            return _tokens[_pos];
        }
    }

    /// <summary>Forgets consumed tokens; called between fields and elements, where no earlier token is needed again.</summary>
    private void Compact()
    {
        if (_pos >= 64)
        {
            _tokens.RemoveRange(0, _pos);
            _pos = 0;
        }
    }

    /// <summary>The absolute path of a value, built only when needed (nested objects, arrays, <c>+=</c>).</summary>
    private readonly struct ValuePath(string[] parent, string[] key)
    {
        public string[] Full() => parent is null ? [] : key.Length == 0 ? parent : [.. parent, .. key];
    }

    /// <summary>Parses a whole document, whose root must be an object (braces may be omitted).</summary>
    /// <param name="text">The document.</param>
    /// <param name="fileName">The name used in origins and error messages.</param>
    /// <param name="context">Where includes are looked up.</param>
    /// <param name="prefix">The absolute path the document is included at (empty for a top-level document).</param>
    /// <param name="depth">The nesting depth already used by including documents.</param>
    public static HoconObject ParseDocument(string text, string fileName, IncludeContext context, string[] prefix, int depth = 0) =>
        new Parser(text, fileName, context, prefix, depth).Document();

    /// <summary>Parses text holding exactly one value without substitutions or includes.</summary>
    public static HoconValue ParseSingleValue(string text, string fileName)
    {
        var parser = new Parser(text, fileName, IncludeContext.Disabled, [], 0);
        parser.SkipWhitespaceAndNewlines();
        var start = parser.Current;
        var value = parser.Value(default, start);
        parser.SkipWhitespaceAndNewlines();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Error(parser.Current, $"expected a single value, found {parser.Current.Describe()} after it");
        }

        if (value.ContainsUnresolved)
        {
            throw parser.Error(start, "substitutions are not allowed in a single value");
        }

        return value;
    }

    private HoconOrigin At(Token token) => new(_fileName, token.Line, token.Column);

    private HoconException Error(Token token, string reason) => new(At(token), reason);

    private void SkipWhitespace()
    {
        while (Current.Kind == TokenKind.Whitespace)
        {
            _pos++;
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Current.Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            _pos++;
        }
    }

    private HoconObject Document()
    {
        SkipWhitespaceAndNewlines();
        var first = Current;
        if (first.Kind == TokenKind.OpenBracket)
        {
            throw Error(first, "expected an object at the root of the document, found an array");
        }

        if (first.Kind != TokenKind.OpenBrace)
        {
            var root = new HoconObject(At(first), []);
            ObjectBody(root, _prefix, open: null);
            return root;
        }

        var braced = BracedObject(_prefix);
        SkipWhitespaceAndNewlines();
        if (Current.Kind != TokenKind.End)
        {
            throw Error(Current, $"expected end of input after the root object's closing '}}', found {Current.Describe()}");
        }

        return braced;
    }

    /// <summary>Reads fields until the closing brace (or the end, for a root without braces).</summary>
    private void ObjectBody(HoconObject target, string[] path, Token? open)
    {
        var afterComma = false;
        while (true)
        {
            Compact();
            SkipWhitespaceAndNewlines();
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.CloseBrace:
                    if (open is null)
                    {
                        throw Error(token, "unbalanced '}': there is no matching '{'");
                    }

                    _pos++;
                    return;
                case TokenKind.End:
                    if (open is { } o)
                    {
                        throw Error(token, $"expected '}}' to close the object opened at {o.Line}:{o.Column}, found end of input");
                    }

                    return;
                case TokenKind.Comma:
                    throw Error(token, afterComma ? "two commas in a row: expected a field or '}'" : "unexpected ',': expected a field");
                default:
                    break;
            }

            Field(target, path);
            afterComma = false;
            SkipWhitespace();
            token = Current;
            switch (token.Kind)
            {
                case TokenKind.Comma:
                    _pos++;
                    afterComma = true;
                    break;
                case TokenKind.Newline or TokenKind.CloseBrace or TokenKind.End:
                    break;
                default:
                    throw Error(token, $"expected ',' or a newline after a field, found {token.Describe()}{Hint(token)}");
            }
        }
    }

    private static string Hint(Token token) => token.Kind is TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals
        ? " (put values that contain ':' or '=' in quotes)"
        : string.Empty;

    private void Field(HoconObject target, string[] path)
    {
        var first = Current;
        if (first.Kind == TokenKind.Unquoted && first.Text == "include")
        {
            Include(target, path);
            return;
        }

        var keyStart = _pos;
        while (Current.IsSimple || Current.Kind == TokenKind.Whitespace)
        {
            _pos++;
        }

        if (Current.Kind == TokenKind.Substitution)
        {
            throw Error(Current, "substitutions are not allowed in keys");
        }

        if (keyStart == _pos)
        {
            throw Error(first, $"expected a key or '}}', found {first.Describe()}");
        }

        var keyOrigin = At(first);
        var key = HoconPath.FromTokens(_tokens, keyStart, _pos, keyOrigin, "key");
        if (_depth + key.Length > MaxDepth)
        {
            throw Error(first, $"nesting deeper than {MaxDepth} levels");
        }

        var fieldPath = new ValuePath(path, key);
        var separator = Current;
        _depth += key.Length - 1;
        var value = separator.Kind switch
        {
            TokenKind.Colon or TokenKind.Equals => ValueAfterSeparator(fieldPath, separator),
            TokenKind.PlusEquals => Append(fieldPath, separator),
            TokenKind.OpenBrace => Value(fieldPath, separator),
            _ => throw Error(separator, $"expected ':', '=' or '{{' after the key {HoconPath.Render(key)}, found {separator.Describe()}"),
        };
        _depth -= key.Length - 1;

        for (var i = key.Length - 1; i >= 1; i--)
        {
            value = new HoconObject(keyOrigin, new OrderedDictionary<string, HoconValue> { [key[i]] = value });
        }

        MergeField(target, key[0], value);
    }

    private HoconValue ValueAfterSeparator(ValuePath fieldPath, Token separator)
    {
        _pos++;
        SkipWhitespaceAndNewlines();
        return Value(fieldPath, separator);
    }

    /// <summary><c>a += b</c> is <c>a = ${?a} [b]</c>, with the absolute path of <c>a</c>.</summary>
    private HoconConcatenation Append(ValuePath fieldPath, Token separator)
    {
        var element = ValueAfterSeparator(fieldPath, separator);
        var origin = At(separator);
        return new HoconConcatenation(origin, [new HoconSubstitution(origin, fieldPath.Full(), optional: true), new HoconArray(element.Origin, [element])]);
    }

    private static void MergeField(HoconObject target, string key, HoconValue value)
    {
        var fields = target.Fields;
        var merged = fields.TryGetValue(key, out var existing) ? Merger.Merge(value, existing, inPlace: true) : value;
        fields[key] = merged;
        target.NoteChild(merged);
    }
}
