using System.CommandLine;
using System.Globalization;
using System.Net;
using ActorRealm.Client;

namespace ActorRealm.Cli.Commands.Channels;

/// <summary>
/// How <c>publish</c> and <c>consume</c> reach a realm: <c>--realm NAME@HOST:PORT[,HOST:PORT]</c> (the realm's name and
/// realm servers' cluster addresses), the client's TLS files (<c>--cert</c>, <c>--key</c>, <c>--ca</c>; all three, or
/// none for a realm with TLS off), <c>--host</c> and <c>--timeout</c>.
/// </summary>
internal sealed class RealmClientOptions
{
    public RealmClientOptions()
    {
        Realm = new Option<string>("--realm")
        {
            Description = "The realm and its realm servers: NAME@HOST:PORT[,HOST:PORT...] (the cluster addresses of actorrealm.cluster.sites; one is enough).",
            Required = true,
        };
        Realm.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && Parse(text, out _, out _) is { } error)
            {
                result.AddError(error);
            }
        });
        Certificate = new Option<FileInfo>("--cert") { Description = "This client's certificate (PEM) from the realm's CA (actorrealm certs create-node). With --key and --ca; without all three, TLS is off." };
        Key = new Option<FileInfo>("--key") { Description = "The private key (PEM) of --cert." };
        Ca = new Option<FileInfo>("--ca") { Description = "The realm's CA certificate (PEM)." };
        Host = new Option<string>("--host") { Description = "The address persistence servers reach this client at (default: 127.0.0.1 when every realm server is on loopback, else this machine's name)." };
        Timeout = new Option<string>("--timeout") { Description = "How long to wait for the realm before giving up, e.g. 30s or 2m (default 30s). Failovers within it are transparent.", DefaultValueFactory = _ => "30s" };
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && ParseDuration(text) is null)
            {
                result.AddError($"--timeout '{text}' is not a duration such as 30s, 1500ms or 2m.");
            }
        });
    }

    public Option<string> Realm { get; }

    public Option<FileInfo> Certificate { get; }

    public Option<FileInfo> Key { get; }

    public Option<FileInfo> Ca { get; }

    public Option<string> Host { get; }

    public Option<string> Timeout { get; }

    public IEnumerable<Option> All => [Realm, Certificate, Key, Ca, Host, Timeout];

    public TimeSpan TimeoutOf(ParseResult parseResult) => ParseDuration(parseResult.GetValue(Timeout) ?? "30s") ?? TimeSpan.FromSeconds(30);

    /// <summary>The client settings the options describe.</summary>
    /// <exception cref="ArgumentException">The TLS files are incomplete or missing (the message names them).</exception>
    public RealmClientSettings Settings(ParseResult parseResult, int window = 64)
    {
        _ = Parse(parseResult.GetRequiredValue(Realm), out var name, out var contacts);
        var files = new[] { parseResult.GetValue(Certificate), parseResult.GetValue(Key), parseResult.GetValue(Ca) };
        if (files.Any(f => f is null) && files.Any(f => f is not null))
        {
            throw new ArgumentException("Give --cert, --key and --ca together (a realm with TLS), or none of them (a realm with TLS off).");
        }

        foreach (var file in files.OfType<FileInfo>().Where(f => !f.Exists))
        {
            throw new ArgumentException($"The file {file.FullName} does not exist.");
        }

        var tls = files[0] is null ? null : new RealmClientTls(files[0]!.FullName, files[1]!.FullName, files[2]!.FullName);
        var host = parseResult.GetValue(Host) ?? (contacts.All(IsLoopback) ? "127.0.0.1" : null);
        return new RealmClientSettings { Realm = name, ContactPoints = contacts, Tls = tls, Hostname = host, Window = window };
    }

    /// <summary>Splits NAME@HOST:PORT[,HOST:PORT]; null when it is well formed, else what is wrong.</summary>
    public static string? Parse(string text, out string name, out IReadOnlyList<string> contacts)
    {
        name = string.Empty;
        contacts = [];
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1)
        {
            return $"--realm '{text}' is not NAME@HOST:PORT[,HOST:PORT] (for example demo@127.0.0.1:4053,127.0.0.1:4063).";
        }

        name = text[..at];
        contacts = [.. text[(at + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        foreach (var contact in contacts)
        {
            try
            {
                _ = RealmClientSettings.ParseContact(contact);
            }
            catch (ArgumentException)
            {
                return $"--realm: '{contact}' is not HOST:PORT (a realm server's cluster address).";
            }
        }

        return contacts.Count == 0 ? $"--realm '{text}' names no realm server after '@'." : null;
    }

    private static bool IsLoopback(string contact)
    {
        var host = RealmClientSettings.ParseContact(contact).Host.Trim('[', ']');
        return host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static TimeSpan? ParseDuration(string text)
    {
        var trimmed = text.Trim();
        var (number, unit) = trimmed.EndsWith("ms", StringComparison.Ordinal) ? (trimmed[..^2], 0.001)
            : trimmed.EndsWith('s') ? (trimmed[..^1], 1.0)
            : trimmed.EndsWith('m') ? (trimmed[..^1], 60.0)
            : (trimmed, double.NaN);
        return !double.IsNaN(unit) && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromSeconds(value * unit)
            : null;
    }
}
