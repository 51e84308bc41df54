using System.Diagnostics.Metrics;
using System.Reflection;

namespace Resilience.Internal;

/// <summary>Creates a package's meter, named like the library's (callers pass <c>ResilienceTelemetryNames.MeterName</c>),
/// so one <c>AddMeter("Resilience")</c> collects every package's instruments, with the package version as its version.</summary>
/// <remarks>Shared source (src/Shared), compiled into each package that owns instruments, so none reaches another's internals for it.</remarks>
internal static class PackageMeter
{
    /// <summary>Creates the meter <paramref name="name"/> of the package <paramref name="assembly"/> belongs to.</summary>
    public static Meter Create(string name, Assembly assembly) => new(name, PackageVersion(assembly));

    /// <summary>The package version (<c>0.1.0</c>, <c>1.2.0-preview.1</c>): the informational version without build metadata,
    /// else the first three parts of the assembly version.</summary>
    public static string? PackageVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version is null)
        {
            return assembly.GetName().Version?.ToString(3);
        }

        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }
}
