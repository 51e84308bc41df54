using System.Reflection;

namespace Resilience.TestUtilities;

/// <summary>The package version of an assembly as the tests expect it on a meter: the informational version without its build metadata.</summary>
public static class PackageVersion
{
    /// <summary>Returns the package version of <paramref name="assembly"/> (<c>0.1.0</c>, not the assembly version <c>0.1.0.0</c>).</summary>
    public static string Of(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
}
