using System.Globalization;
using System.Text;

namespace ActorRealm.Hocon.Parsing;

/// <summary>Splits HOCON text into tokens, tracking lines and columns. Comments are dropped; newlines are kept.</summary>
internal sealed class Tokenizer
{
    private const string NumberChars = "0123456789eE+-.";
    private readonly string _text;
    private readonly string _fileName;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _line = 1;
    private int _column = 1;
    private int _head;

    public Tokenizer(string text, string fileName)
    {
        _text = text;
        _fileName = fileName;
        _tokens = new List<Token>(4);
    }

    /// <summary>Tokenizes the whole text; the list always ends with an <see cref="TokenKind.End"/> token.</summary>
    public static List<Token> Tokenize(string text, string fileName)
    {
        var tokenizer = new Tokenizer(text, fileName);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = tokenizer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    /// <summary>The next token; at the end of the text, an <see cref="TokenKind.End"/> token every time.</summary>
    public Token Next()
    {
        while (_head >= _tokens.Count)
        {
            _tokens.Clear();
            _head = 0;
            if (!More())
            {
                return new Token(TokenKind.End, string.Empty, _line, _column);
            }

            // One token, or none for a comment.
            NextToken(inSubstitution: false);
        }

        return _tokens[_head++];
    }

    /// <summary>True for HOCON whitespace: Unicode Zs/Zl/Zp, tab, newline, VT, FF, CR, 0x1C-0x1F and the BOM.</summary>
    public static bool IsWhitespace(char c)
    {
        if (c < 128)
        {
            return c is ' ' or (>= '\t' and <= '\r') or (>= '\x1C' and <= '\x1F');
        }

        return c == '\uFEFF' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    /// <summary>True for the characters that may not appear in an unquoted string.</summary>
    public static bool IsForbidden(char c) => c is '$' or '"' or '{' or '}' or '[' or ']' or ':' or '=' or ','
        or '+' or '#' or '`' or '^' or '?' or '!' or '@' or '*' or '&' or '\\';

    private HoconException Error(int line, int column, string reason) => new(new HoconOrigin(_fileName, line, column), reason);

    private char Peek(int offset = 0) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private bool More(int offset = 0) => _pos + offset < _text.Length;

    private void Advance()
    {
        if (_text[_pos] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _pos++;
    }

    /// <summary>Moves to <paramref name="end"/> over characters known to contain no newline.</summary>
    private void SkipTo(int end)
    {
        _column += end - _pos;
        _pos = end;
    }

    private void Add(TokenKind kind, string text, int line, int column) => _tokens.Add(new Token(kind, text, line, column));

    /// <summary>Reads one token (or skips one comment) at the current position.</summary>
    private void NextToken(bool inSubstitution)
    {
        var c = _text[_pos];
        var line = _line;
        var column = _column;
        if (c == '\n')
        {
            Advance();
            Add(TokenKind.Newline, "\n", line, column);
            return;
        }

        if (IsWhitespace(c))
        {
            var start = _pos;
            var end = start + 1;
            while (end < _text.Length && _text[end] != '\n' && IsWhitespace(_text[end]))
            {
                end++;
            }

            SkipTo(end);
            Add(TokenKind.Whitespace, WhitespaceText(start), line, column);
            return;
        }

        if (c == '#' || (c == '/' && Peek(1) == '/'))
        {
            var newline = _text.IndexOf('\n', _pos);
            SkipTo(newline < 0 ? _text.Length : newline);
            return;
        }

        switch (c)
        {
            case '{':
                Punctuation(TokenKind.OpenBrace, "{", line, column);
                return;
            case '}':
                Punctuation(TokenKind.CloseBrace, "}", line, column);
                return;
            case '[':
                Punctuation(TokenKind.OpenBracket, "[", line, column);
                return;
            case ']':
                Punctuation(TokenKind.CloseBracket, "]", line, column);
                return;
            case ',':
                Punctuation(TokenKind.Comma, ",", line, column);
                return;
            case ':':
                Punctuation(TokenKind.Colon, ":", line, column);
                return;
            case '=':
                Punctuation(TokenKind.Equals, "=", line, column);
                return;
            case '+':
                if (Peek(1) != '=')
                {
                    throw Error(line, column, "'+' is only allowed as the '+=' separator; put strings that contain '+' in quotes");
                }

                Advance();
                Advance();
                Add(TokenKind.PlusEquals, "+=", line, column);
                return;
            case '"':
                QuotedString(line, column);
                return;
            case '$':
                if (inSubstitution)
                {
                    throw Error(line, column, "substitutions cannot be nested; expected '}' to end the substitution");
                }

                Substitution(line, column);
                return;
            default:
                break;
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            NumberOrText(line, column);
            return;
        }

        if (IsForbidden(c))
        {
            throw Error(line, column, $"the character '{c}' is reserved and not allowed outside quotes; put the value in quotes");
        }

        UnquotedText(line, column);
    }

    private static readonly string[] Spaces = [.. Enumerable.Range(0, 17).Select(n => new string(' ', n))];

    /// <summary>The whitespace run ending at the current position; plain indentation reuses shared strings.</summary>
    private string WhitespaceText(int start)
    {
        var length = _pos - start;
        if (length < Spaces.Length && _text.AsSpan(start, length).IndexOfAnyExcept(' ') < 0)
        {
            return Spaces[length];
        }

        return _text[start.._pos];
    }

    private void Punctuation(TokenKind kind, string text, int line, int column)
    {
        Advance();
        Add(kind, text, line, column);
    }

    private void UnquotedText(int line, int column)
    {
        // Spec: "truefoo" is the boolean true followed by the unquoted string "foo".
        foreach (var (keyword, kind) in Keywords)
        {
            if (string.CompareOrdinal(_text, _pos, keyword, 0, keyword.Length) == 0)
            {
                for (var i = 0; i < keyword.Length; i++)
                {
                    Advance();
                }

                Add(kind, keyword, line, column);
                return;
            }
        }

        var start = _pos;
        var end = start;
        while (end < _text.Length)
        {
            var c = _text[end];
            if (IsForbidden(c) || IsWhitespace(c) || (c == '/' && end + 1 < _text.Length && _text[end + 1] == '/'))
            {
                break;
            }

            end++;
        }

        SkipTo(end);
        Add(TokenKind.Unquoted, _text[start.._pos], line, column);
    }

    private static readonly (string Keyword, TokenKind Kind)[] Keywords =
        [("true", TokenKind.True), ("false", TokenKind.False), ("null", TokenKind.Null)];

    private void NumberOrText(int line, int column)
    {
        var start = _pos;
        var end = start;
        while (end < _text.Length && NumberChars.Contains(_text[end], StringComparison.Ordinal))
        {
            end++;
        }

        SkipTo(end);

        var text = _text[start.._pos];
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            Add(TokenKind.Number, text, line, column);
            return;
        }

        // Not a number after all (e.g. "1.2.3" or "2024-01-01"): an unquoted string, unless it holds a reserved '+'.
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            throw Error(line, column + plus, "the character '+' is reserved and not allowed outside quotes; put the value in quotes");
        }

        Add(TokenKind.Unquoted, text, line, column);
    }

    private void QuotedString(int line, int column)
    {
        if (Peek(1) == '"' && Peek(2) == '"')
        {
            TripleQuotedString(line, column);
            return;
        }

        Advance();

        // Fast path: no escapes before the closing quote (and no newline or control character).
        var scan = _pos;
        while (scan < _text.Length && _text[scan] is not ('"' or '\\') && _text[scan] >= ' ')
        {
            scan++;
        }

        if (scan < _text.Length && _text[scan] == '"')
        {
            var value = _text[_pos..scan];
            SkipTo(scan + 1);
            Add(TokenKind.Quoted, value, line, column);
            return;
        }

        var sb = new StringBuilder();
        while (true)
        {
            if (!More())
            {
                throw Error(line, column, "unterminated quoted string: expected a closing '\"'");
            }

            var c = Peek();
            if (c == '"')
            {
                Advance();
                break;
            }

            if (c == '\n')
            {
                throw Error(_line, _column, "newline inside a quoted string: end the string with '\"', write \\n, or use a triple-quoted \"\"\"string\"\"\"");
            }

            if (c < ' ')
            {
                throw Error(_line, _column, $"control character U+{(int)c:X4} inside a quoted string: escape it");
            }

            if (c == '\\')
            {
                Escape(sb);
                continue;
            }

            sb.Append(c);
            Advance();
        }

        Add(TokenKind.Quoted, sb.ToString(), line, column);
    }

    private void Escape(StringBuilder sb)
    {
        var line = _line;
        var column = _column;
        Advance();
        if (!More())
        {
            throw Error(line, column, "unterminated escape sequence at end of input");
        }

        var e = Peek();
        Advance();
        switch (e)
        {
            case '"' or '\\' or '/':
                sb.Append(e);
                return;
            case 'b':
                sb.Append('\b');
                return;
            case 'f':
                sb.Append('\f');
                return;
            case 'n':
                sb.Append('\n');
                return;
            case 'r':
                sb.Append('\r');
                return;
            case 't':
                sb.Append('\t');
                return;
            case 'u':
                var code = 0;
                for (var i = 0; i < 4; i++)
                {
                    var h = More() ? Peek() : '\0';
                    var digit = char.IsAsciiHexDigit(h) ? Convert.ToInt32(h.ToString(), 16) : -1;
                    if (digit < 0)
                    {
                        throw Error(line, column, "invalid unicode escape: expected four hex digits after \\u");
                    }

                    code = (code * 16) + digit;
                    Advance();
                }

                sb.Append((char)code);
                return;
            default:
                throw Error(line, column, $"invalid escape '\\{e}' in a quoted string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
    }

    private void TripleQuotedString(int line, int column)
    {
        Advance();
        Advance();
        Advance();
        var start = _pos;
        while (true)
        {
            if (!More())
            {
                throw Error(line, column, "unterminated triple-quoted string: expected a closing '\"\"\"'");
            }

            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // Any run of three or more quotes ends the string; extra quotes belong to it.
                while (More() && Peek() == '"')
                {
                    Advance();
                }

                var content = _text[start..(_pos - 3)];
                Add(TokenKind.Quoted, content, line, column);
                return;
            }

            Advance();
        }
    }

    private void Substitution(int line, int column)
    {
        if (Peek(1) != '{')
        {
            throw Error(line, column, "'$' must start a substitution '${path}'; put strings that contain '$' in quotes");
        }

        Advance();
        Advance();
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            Advance();
        }

        var first = _tokens.Count;
        while (true)
        {
            if (!More())
            {
                throw Error(line, column, "unterminated substitution: expected '}'");
            }

            var c = Peek();
            if (c == '}')
            {
                Advance();
                break;
            }

            if (c == '\n')
            {
                throw Error(_line, _column, "newline inside a substitution: expected '}'");
            }

            var tokenLine = _line;
            var tokenColumn = _column;
            var before = _tokens.Count;
            NextToken(inSubstitution: true);
            if (_tokens.Count > before)
            {
                var last = _tokens[^1];
                if (!last.IsSimple && last.Kind != TokenKind.Whitespace)
                {
                    throw Error(tokenLine, tokenColumn, $"unexpected {last.Describe()} inside a substitution: expected a path and '}}'");
                }
            }
        }

        var origin = new HoconOrigin(_fileName, line, column);
        var path = HoconPath.FromTokens(_tokens, first, _tokens.Count, origin, "substitution");
        _tokens.RemoveRange(first, _tokens.Count - first);
        _tokens.Add(new Token(path, optional, line, column));
    }
}
