namespace Resilience.OpenTelemetry.Tests.TestSupport;

/// <summary>The repository's root directory (the one holding Resilience.sln), found from the test's output directory.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Resilience.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Resilience.sln not found above " + AppContext.BaseDirectory);
    }
}
