namespace ActorRealm.Hocon.Parsing;

/// <summary>The kinds of lexical tokens of HOCON.</summary>
internal enum TokenKind : byte
{
    End,
    Newline,
    Whitespace,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Unquoted,
    Quoted,
    Number,
    True,
    False,
    Null,
    Substitution,
}

/// <summary>One token with its 1-based position; substitutions carry their parsed path. Kept small: there is one per word.</summary>
internal readonly struct Token
{
    private readonly object _payload;

    public Token(TokenKind kind, string text, int line, int column)
    {
        _payload = text;
        Line = line;
        Column = column;
        Kind = kind;
    }

    public Token(string[] path, bool optional, int line, int column)
    {
        _payload = path;
        Line = line;
        Column = column;
        Kind = TokenKind.Substitution;
        Optional = optional;
    }

    public TokenKind Kind { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The token's text (decoded for quoted strings); empty for substitutions.</summary>
    public string Text => _payload as string ?? string.Empty;

    /// <summary>The path of a substitution.</summary>
    public string[]? Path => _payload as string[];

    /// <summary>True for <c>${?path}</c>.</summary>
    public bool Optional { get; }

    /// <summary>True for tokens that can form part of a key or a simple value.</summary>
    public bool IsSimple => Kind is TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null;

    /// <summary>How the token is named in error messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Newline => "a newline",
        TokenKind.Whitespace => "whitespace",
        TokenKind.Comma => "','",
        TokenKind.Colon => "':'",
        TokenKind.Equals => "'='",
        TokenKind.PlusEquals => "'+='",
        TokenKind.OpenBrace => "'{'",
        TokenKind.CloseBrace => "'}'",
        TokenKind.OpenBracket => "'['",
        TokenKind.CloseBracket => "']'",
        TokenKind.Quoted => $"the quoted string \"{Shorten(Text)}\"",
        TokenKind.Substitution => "a substitution",
        _ => $"'{Shorten(Text)}'",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
