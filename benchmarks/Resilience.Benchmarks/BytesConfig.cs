using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using Perfolizer.Metrology;

namespace Resilience.Benchmarks;

/// <summary>Shows the allocation column in bytes (not KB rounded to two decimals), for the classes whose point is the
/// bytes a case adds to its baseline.</summary>
public sealed class BytesConfig : ManualConfig
{
    /// <summary>Initializes a new instance of the <see cref="BytesConfig"/> class.</summary>
    public BytesConfig() => SummaryStyle = SummaryStyle.Default.WithSizeUnit(SizeUnit.B);
}
