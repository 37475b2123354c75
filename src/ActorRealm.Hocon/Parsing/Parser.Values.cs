using ActorRealm.Hocon.Resolution;

namespace ActorRealm.Hocon.Parsing;

/// <summary>Values: simple values, concatenations, objects and arrays.</summary>
internal sealed partial class Parser
{
    /// <summary>Reads a value concatenation up to a newline, comma or closing bracket.</summary>
    private HoconValue Value(string[] valuePath, Token after)
    {
        var parts = new List<HoconValue>(1);
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
                case TokenKind.Quoted or TokenKind.Unquoted or TokenKind.Number or TokenKind.True or TokenKind.False
                    or TokenKind.Null or TokenKind.Substitution or TokenKind.OpenBrace or TokenKind.OpenBracket:
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

    private HoconValue Part(Token token, string[] valuePath)
    {
        switch (token.Kind)
        {
            case TokenKind.OpenBrace:
                return BracedObject(valuePath);
            case TokenKind.OpenBracket:
                return Array(valuePath);
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

            items.Add(Value(valuePath, token));
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
