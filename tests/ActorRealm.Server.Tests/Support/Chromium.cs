using ActorRealm.TestSupport;
using Microsoft.Playwright;

namespace ActorRealm.Server.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright (its own browser download cannot work here): the executable from
/// <c>ACTORREALM_CHROMIUM</c>, exported by <c>.ci/setup-chromium.sh</c>, else <c>/usr/bin/chromium</c>; a fresh profile
/// per browser; the flags that keep it off the network it cannot reach.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly TempDirectory _profile;

    private Chromium(IPlaywright playwright, IBrowserContext context, TempDirectory profile)
    {
        _playwright = playwright;
        _profile = profile;
        Context = context;
    }

    /// <summary>The browser's one context (a persistent one: Playwright takes the profile directory this way).</summary>
    public IBrowserContext Context { get; }

    /// <summary>The executable, or null when none is installed.</summary>
    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable("ACTORREALM_CHROMIUM") is { Length: > 0 } path ? path
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    /// <summary>Starts a headless browser with a laptop-sized window; the realm's self-signed admin certificate is accepted.</summary>
    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var profile = new TempDirectory();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath ?? throw new InvalidOperationException("No Chromium: source .ci/setup-chromium.sh."),
                Headless = true,
                Args = Flags,
                IgnoreHTTPSErrors = true,
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                Timeout = 60_000,
            });
            return new Chromium(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            profile.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        _playwright.Dispose();
        _profile.Dispose();
    }
}

/// <summary>A fact that needs Chromium; reported as skipped, with the reason, when none is installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.ExecutablePath is null)
        {
            Skip = "No Chromium (/usr/bin/chromium or ACTORREALM_CHROMIUM): source .ci/setup-chromium.sh.";
        }
    }
}
