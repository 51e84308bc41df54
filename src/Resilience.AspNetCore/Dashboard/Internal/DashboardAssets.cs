namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>The page's script and style sheet, read once from the assembly's embedded resources.</summary>
internal static class DashboardAssets
{
    private static readonly Lazy<byte[]> LazyScript = new(() => Read(DashboardConstants.ScriptRoute));
    private static readonly Lazy<byte[]> LazyStyle = new(() => Read(DashboardConstants.StyleRoute));

    public static byte[] Script => LazyScript.Value;

    public static byte[] Style => LazyStyle.Value;

    private static byte[] Read(string fileName)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(DashboardConstants.ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"The dashboard asset '{fileName}' is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
