using BenchmarkDotNet.Running;

namespace Resilience.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (for example <c>--filter *CircuitBreaker*</c>).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
