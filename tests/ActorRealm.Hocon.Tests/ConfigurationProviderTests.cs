using System.Collections;
using Microsoft.Extensions.Configuration;

namespace ActorRealm.Hocon.Tests;

public sealed class ConfigurationProviderTests
{
    private sealed class NodeOptions
    {
        public string Host { get; set; } = string.Empty;

        public int Port { get; set; }

        public List<string> Seeds { get; set; } = [];
    }

    [Fact]
    public void Flattens_keys_with_colons_and_arrays_with_indexes()
    {
        var configuration = new ConfigurationBuilder().AddHoconString("""
            base = 2550
            node { host = "10.0.0.1", port = ${base}, seeds = [a, b], empty = [], nothing = null, o {} }
            """).Build();
        Assert.Equal("10.0.0.1", configuration["node:host"]);
        Assert.Equal("2550", configuration["node:port"]);
        Assert.Equal("a", configuration["node:seeds:0"]);
        Assert.Equal("b", configuration["NODE:Seeds:1"]);
        Assert.Null(configuration["node:nothing"]);
        Assert.Null(configuration["node:empty"]);
        var options = configuration.GetSection("node").Get<NodeOptions>()!;
        Assert.Equal(2550, options.Port);
        Assert.Equal(["a", "b"], options.Seeds);
    }

    [Fact]
    public void Files_optional_and_required()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "a.b = 1");
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(file)
            .AddHoconFile(Path.Combine(dir.Path, "missing.conf"), optional: true)
            .Build();
        Assert.Equal("1", configuration["a:b"]);

        var e = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHoconFile(Path.Combine(dir.Path, "missing.conf")).Build());
        Assert.EndsWith("missing.conf: file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_errors_surface_as_hocon_exceptions()
    {
        var e = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHoconString("a = {").Build());
        Assert.Equal("string:1:6: expected '}' to close the object opened at 1:5, found end of input", e.Message);
    }

    [Fact]
    public void Substitution_fallback_uses_the_given_environment()
    {
        var builder = new ConfigurationBuilder();
        builder.Add(new HoconConfigurationSource { Text = "home = ${MY_HOME}", Environment = new Hashtable { ["MY_HOME"] = "/h" } });
        Assert.Equal("/h", builder.Build()["home"]);
    }
}
