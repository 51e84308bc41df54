using System.Diagnostics;

namespace Resilience.AspNetCore.Tests.TestSupport;

/// <summary>
/// Runs the system Chromium (Debian package <c>chromium</c>, installed by test.sh) headless with a fresh profile:
/// <c>--dump-dom</c> prints the DOM after the page's scripts ran for a virtual-time budget, <c>--screenshot</c> saves a PNG.
/// </summary>
public static class HeadlessChromium
{
    private const string Executable = "/usr/bin/chromium";
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Loads <paramref name="url"/>, lets its scripts run for <paramref name="virtualTime"/> of virtual time, and returns the DOM.</summary>
    public static async Task<string> DumpDomAsync(Uri url, TimeSpan virtualTime) =>
        await RunAsync(["--dump-dom", VirtualTime(virtualTime), url.AbsoluteUri]);

    /// <summary>Loads <paramref name="url"/> like <see cref="DumpDomAsync"/> and saves a screenshot to <paramref name="pngPath"/>.</summary>
    public static async Task ScreenshotAsync(Uri url, TimeSpan virtualTime, string pngPath, int width, int height) =>
        await RunAsync([$"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars", VirtualTime(virtualTime), url.AbsoluteUri]);

    private static string VirtualTime(TimeSpan budget) => $"--virtual-time-budget={(long)budget.TotalMilliseconds}";

    private static async Task<string> RunAsync(IEnumerable<string> arguments)
    {
        File.Exists(Executable).Should().BeTrue("the browser test needs the Debian package chromium (./test.sh installs it)");
        var profile = Directory.CreateTempSubdirectory("resilience-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
                    $"--user-data-dir={profile.FullName}",
                ])
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ProcessTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish within {ProcessTimeout}: {await stderr}");
            }

            process.ExitCode.Should().Be(0, "Chromium reported: {0}", await stderr);
            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
