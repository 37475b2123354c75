using System.CommandLine;

namespace ActorRealm.Cli.Commands.Admin;

/// <summary>The options every admin API command shares: --admin, --token, --ca.</summary>
internal sealed class AdminOptions
{
    /// <summary>The environment variable holding the admin token.</summary>
    public const string TokenVariable = "ACTORREALM_ADMIN_TOKEN";

    /// <summary>The environment variable holding the cluster CA certificate file.</summary>
    public const string CaVariable = "ACTORREALM_ADMIN_CA";

    public AdminOptions(bool tokenOption = true)
    {
        Admin = new Option<string>("--admin")
        {
            Description = "The node's admin API: HOST:PORT (https when a CA is given, else http) or a full http(s):// URL.",
            Required = true,
        };
        Admin.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && !TryParseAddress(text, null, out _, out var error))
            {
                result.AddError(error);
            }
        });
        Token = tokenOption ? new Option<string>("--token") { Description = $"The admin bearer token (default: the environment variable {TokenVariable})." } : null;
        Ca = new Option<FileInfo>("--ca") { Description = $"The cluster CA certificate (PEM) the node's HTTPS certificate must chain to (default: {CaVariable}); selects https." };
    }

    public Option<string> Admin { get; }

    public Option<string>? Token { get; }

    public Option<FileInfo> Ca { get; }

    public IEnumerable<Option> All => Token is null ? [Admin, Ca] : [Admin, Token, Ca];

    /// <summary>Parses HOST:PORT or a URL into the API's base address; https when <paramref name="caFile"/> is set.</summary>
    public static bool TryParseAddress(string text, string? caFile, out Uri address, out string error)
    {
        address = null!;
        error = string.Empty;
        var trimmed = text.Trim();
        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            if (Uri.TryCreate(trimmed, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.AbsolutePath == "/")
            {
                address = url;
                return true;
            }

            error = $"--admin '{text}' is not an http(s)://HOST:PORT address.";
            return false;
        }

        var colon = trimmed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(trimmed[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"--admin '{text}' is not HOST:PORT (e.g. 127.0.0.1:25580).";
            return false;
        }

        var host = trimmed[..colon];
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        if (!Uri.TryCreate($"{(caFile is null ? "http" : "https")}://{host}:{port}/", UriKind.Absolute, out var built))
        {
            error = $"--admin '{text}' has an invalid host.";
            return false;
        }

        address = built;
        return true;
    }

    /// <summary>Builds a client from the parsed options and the environment.</summary>
    public AdminClient CreateClient(ParseResult parseResult, TimeSpan timeout)
    {
        var ca = parseResult.GetValue(Ca)?.FullName ?? NonEmpty(Environment.GetEnvironmentVariable(CaVariable));
        var token = (Token is null ? null : parseResult.GetValue(Token)) ?? NonEmpty(Environment.GetEnvironmentVariable(TokenVariable));
        TryParseAddress(parseResult.GetRequiredValue(Admin), ca, out var address, out _);
        return new AdminClient(address, token, ca, timeout);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
