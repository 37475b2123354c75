using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ActorRealm.Server.StatusConsole;

/// <summary>
/// The status console's login cookie (ADR 0077): after the operator pasted the admin token into the login form, the node
/// answers with an HttpOnly, SameSite=Strict cookie (Secure over TLS) holding an expiry and an HMAC of it keyed by the
/// token, so the token itself is neither stored in the browser nor ever in a URL, and changing the token ends every session.
/// </summary>
internal sealed class ConsoleSession(byte[] tokenHash, bool secure)
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "actorrealm_console";

    /// <summary>The header the page sends with every request that changes state (the CSRF defence, with SameSite=Strict).</summary>
    public const string CsrfHeader = "X-ActorRealm-Console";

    /// <summary>How long a login lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>Sets the cookie of a new session on <paramref name="response"/>.</summary>
    public void Issue(HttpResponse response, DateTimeOffset now)
    {
        var expires = now + Lifetime;
        var unix = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        response.Cookies.Append(CookieName, $"{unix}.{Sign(unix)}", Options(expires));
    }

    /// <summary>Clears the cookie (log out).</summary>
    public void Clear(HttpResponse response) => response.Cookies.Delete(CookieName, Options(null));

    /// <summary>Whether <paramref name="request"/> carries a valid, unexpired session cookie.</summary>
    public bool IsValid(HttpRequest request, DateTimeOffset now)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || value is null)
        {
            return false;
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(value[..dot]));
        var presented = Encoding.ASCII.GetBytes(value[(dot + 1)..]);
        return presented.Length == expected.Length
            && CryptographicOperations.FixedTimeEquals(presented, expected)
            && DateTimeOffset.FromUnixTimeSeconds(unix) > now;
    }

    private string Sign(string expires) =>
        Convert.ToBase64String(HMACSHA256.HashData(tokenHash, Encoding.ASCII.GetBytes("actorrealm-console-session:" + expires)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private CookieOptions Options(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = secure,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
