namespace ActorRealm.Hocon.Parsing;

/// <summary>The kinds of lexical tokens of HOCON.</summary>
internal enum TokenKind
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

/// <summary>One token with its 1-based position; substitutions carry their parsed path.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, string[]? Path = null, bool Optional = false)
{
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
