namespace ActorRealm.Hocon.Tests;

/// <summary>Shared helpers: parse and resolve with a controlled environment.</summary>
internal static class Hocon
{
    public static Dictionary<string, string> NoEnvironment => [];

    public static Config Resolve(string text, IDictionary<string, string>? environment = null) =>
        ConfigFactory.ParseString(text, "test.conf").Resolve(new Dictionary<string, string>(environment ?? NoEnvironment));

    public static string Json(string text, IDictionary<string, string>? environment = null) =>
        Resolve(text, environment).ToJson(indented: false);

    public static HoconException Error(Action action) => Assert.Throws<HoconException>(action);

    public static HoconException ParseError(string text) => Error(() => Resolve(text));

    public static void AssertAt(HoconException e, int line, int column)
    {
        Assert.True(e.Line == line && e.Column == column, $"expected the error at {line}:{column}, got {e.Message}");
        Assert.StartsWith($"test.conf:{line}:{column}: ", e.Message, StringComparison.Ordinal);
    }
}
