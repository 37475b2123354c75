using ActorRealm.Hocon.Resolution;

namespace ActorRealm.Hocon.Parsing;

/// <summary>Values: simple values, concatenations, objects and arrays.</summary>
internal sealed partial class Parser
{
    /// <summary>Reads a value concatenation up to a newline, comma or closing bracket.</summary>
    private HoconValue Value(ValuePath valuePath, Token after)
    {
        // Fast path: a single value followed by the end of the field or element.
        if (IsValueStart(Current.Kind))
        {
            var single = Part(Current, valuePath);
            var next = Current.Kind;
            if (next is not (TokenKind.Whitespace or TokenKind.Quoted or TokenKind.Unquoted or TokenKind.Number or TokenKind.True
                or TokenKind.False or TokenKind.Null or TokenKind.Substitution or TokenKind.OpenBrace or TokenKind.OpenBracket))
            {
                return single;
            }

            return ReadConcatenation(single, valuePath);
        }

        return ReadConcatenation(null, valuePath, after);
    }

    private static bool IsValueStart(TokenKind kind) => kind is TokenKind.Quoted or TokenKind.Unquoted or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Substitution or TokenKind.OpenBrace or TokenKind.OpenBracket;

    /// <summary>Reads the rest of a value concatenation, after <paramref name="first"/> when the first part is already read.</summary>
    private HoconValue ReadConcatenation(HoconValue? first, ValuePath valuePath, Token after = default)
    {
        var parts = new List<HoconValue>(4);
        if (first is not null)
        {
            parts.Add(first);
        }

        Token? pendingWhitespace = null;
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Whitespace:
                    if (parts.Count > 0)
                    {
                        pendingWhitespace = token;
                    }

                    _pos++;
                    continue;
                case var kind when IsValueStart(kind):
                    if (pendingWhitespace is { } ws)
                    {
                        parts.Add(new HoconScalar(At(ws), HoconValueType.String, ws.Text, isUnquotedWhitespace: true));
                        pendingWhitespace = null;
                    }

                    parts.Add(Part(token, valuePath));
                    continue;
                default:
                    break;
            }

            break;
        }

        if (parts.Count == 0)
        {
            throw Error(Current, $"expected a value after {after.Describe()}, found {Current.Describe()}");
        }

        return Combine(parts);
    }

    private HoconValue Part(Token token, ValuePath valuePath)
    {
        switch (token.Kind)
        {
            case TokenKind.OpenBrace:
                return BracedObject(valuePath.Full());
            case TokenKind.OpenBracket:
                return Array(valuePath.Full());
            default:
                break;
        }

        _pos++;
        var origin = At(token);
        return token.Kind switch
        {
            TokenKind.Quoted or TokenKind.Unquoted => new HoconScalar(origin, HoconValueType.String, token.Text),
            TokenKind.Number => new HoconScalar(origin, HoconValueType.Number, token.Text),
            TokenKind.True or TokenKind.False => new HoconScalar(origin, HoconValueType.Boolean, token.Text),
            TokenKind.Null => new HoconScalar(origin, HoconValueType.Null, token.Text),
            _ => _prefix.Length == 0
                ? new HoconSubstitution(origin, token.Path!, token.Optional)
                : new HoconSubstitution(origin, [.. _prefix, .. token.Path!], token.Optional, token.Path),
        };
    }

    private static HoconValue Combine(List<HoconValue> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        if (parts.Exists(p => p is HoconSubstitution))
        {
            return new HoconConcatenation(parts[0].Origin, [.. parts]);
        }

        return Concatenation.Join(parts, parts[0].Origin, inPlace: true)!;
    }

    private HoconObject BracedObject(string[] valuePath)
    {
        var open = Current;
        _pos++;
        if (++_depth > MaxDepth)
        {
            throw Error(open, $"nesting deeper than {MaxDepth} levels");
        }

        var obj = new HoconObject(At(open), []);
        ObjectBody(obj, valuePath, open);
        _depth--;
        return obj;
    }

    private HoconArray Array(string[] valuePath)
    {
        var open = Current;
        _pos++;
        if (++_depth > MaxDepth)
        {
            throw Error(open, $"nesting deeper than {MaxDepth} levels");
        }

        var items = new List<HoconValue>();
        var afterComma = false;
        while (true)
        {
            Compact();
            SkipWhitespaceAndNewlines();
            var token = Current;
            if (token.Kind == TokenKind.CloseBracket)
            {
                _pos++;
                break;
            }

            if (token.Kind == TokenKind.End)
            {
                throw Error(token, $"expected ']' to close the array opened at {open.Line}:{open.Column}, found end of input");
            }

            if (token.Kind == TokenKind.Comma)
            {
                throw Error(token, afterComma ? "two commas in a row: expected a value or ']'" : "unexpected ',': expected a value or ']'");
            }

            items.Add(Value(new ValuePath(valuePath, []), token));
            afterComma = false;
            SkipWhitespace();
            token = Current;
            if (token.Kind == TokenKind.Comma)
            {
                _pos++;
                afterComma = true;
            }
            else if (token.Kind is not (TokenKind.Newline or TokenKind.CloseBracket or TokenKind.End))
            {
                throw Error(token, $"expected ',', a newline or ']' after an array element, found {token.Describe()}{Hint(token)}");
            }
        }

        _depth--;
        return new HoconArray(At(open), [.. items]);
    }
}
