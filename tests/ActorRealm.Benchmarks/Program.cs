using BenchmarkDotNet.Running;

namespace ActorRealm.Benchmarks;

/// <summary>BenchmarkDotNet entry point: <c>dotnet run -c Release --project tests/ActorRealm.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
