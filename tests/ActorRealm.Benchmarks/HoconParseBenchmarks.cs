using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorRealm.Hocon;
using BenchmarkDotNet.Attributes;

namespace ActorRealm.Benchmarks;

/// <summary>
/// Parsing a generated ~1 MB configuration. The baseline is System.Text.Json's <see cref="JsonDocument"/> on the
/// equivalent JSON document, so the figures are ratios from the same run. <c>Hocon_Json</c> parses that same JSON
/// text (JSON is valid HOCON); <c>Hocon_Hocon</c> parses the HOCON spelling (unquoted and path keys, comments,
/// triple-quoted strings, substitutions) and resolves it.
/// Run: <c>dotnet run -c Release --project tests/ActorRealm.Benchmarks -- --filter '*Hocon*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class HoconParseBenchmarks
{
    private string _json = string.Empty;
    private string _hocon = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        (_hocon, _json) = ConfigDocuments.Generate(targetBytes: 1_000_000);
        var fromHocon = ConfigFactory.ParseString(_hocon).Resolve(new Dictionary<string, string>()).ToJson(indented: false);
        var fromJson = ConfigFactory.ParseString(_json).ToJson(indented: false);
        if (fromHocon != fromJson || JsonNode.Parse(_json)!.ToJsonString() != JsonNode.Parse(fromJson)!.ToJsonString())
        {
            throw new InvalidOperationException("the HOCON and JSON benchmark documents are not equivalent");
        }

        Console.WriteLine($"// HOCON document: {Encoding.UTF8.GetByteCount(_hocon):N0} bytes; JSON document: {Encoding.UTF8.GetByteCount(_json):N0} bytes");
    }

    [Benchmark(Baseline = true)]
    public int SystemTextJson_JsonDocument()
    {
        using var document = JsonDocument.Parse(_json);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark]
    public int SystemTextJson_JsonNode() => JsonNode.Parse(_json)!.AsObject().Count;

    [Benchmark]
    public int Hocon_Json() => ConfigFactory.ParseString(_json).Root.Count;

    [Benchmark]
    public int Hocon_Hocon() => ConfigFactory.ParseString(_hocon).Resolve(new Dictionary<string, string>()).Root.Count;
}

/// <summary>Generates the same configuration tree as HOCON and as JSON.</summary>
public static class ConfigDocuments
{
    /// <summary>Returns (hocon, json) of about <paramref name="targetBytes"/> each.</summary>
    public static (string Hocon, string Json) Generate(int targetBytes)
    {
        var hocon = new StringBuilder("# generated benchmark configuration\n");
        var json = new StringBuilder("{");
        for (var i = 0; hocon.Length < targetBytes; i++)
        {
            var inv = CultureInfo.InvariantCulture;
            var port = 2000 + (i % 60000);
            var host = string.Create(inv, $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}");
            var n = i.ToString(inv);
            hocon.Append("// service ").Append(n).Append('\n')
                .Append("service-").Append(n).Append(" {\n")
                .Append("  name = \"svc-").Append(n).Append("\"\n")
                .Append("  host = ").Append(host).Append('\n')
                .Append("  port = ").Append(port.ToString(inv)).Append('\n')
                .Append("  timeout = 10s\n  enabled = true\n  ratio = 0.75\n")
                .Append("  tags = [alpha, beta, \"gamma delta\"]\n")
                .Append("  limits { max-connections = 100, queue = 64KiB }\n")
                .Append("  path.to.deep.value = \"v").Append(n).Append("\"\n")
                .Append("  peer-port = ${service-0.port}\n")
                .Append("  description = \"\"\"a service\nspanning lines\"\"\"\n}\n\n");
            json.Append(i > 0 ? "," : string.Empty)
                .Append("\"service-").Append(n).Append("\":{\"name\":\"svc-").Append(n).Append("\",\"host\":\"").Append(host)
                .Append("\",\"port\":").Append(port.ToString(inv))
                .Append(",\"timeout\":\"10s\",\"enabled\":true,\"ratio\":0.75,\"tags\":[\"alpha\",\"beta\",\"gamma delta\"],")
                .Append("\"limits\":{\"max-connections\":100,\"queue\":\"64KiB\"},\"path\":{\"to\":{\"deep\":{\"value\":\"v").Append(n)
                .Append("\"}}},\"peer-port\":2000,\"description\":\"a service\\nspanning lines\"}");
        }

        json.Append('}');
        return (hocon.ToString(), json.ToString());
    }
}
