using System.Diagnostics;
using System.Globalization;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>One service instance as a separate process (tests/Resilience.Redis.TestInstance), driven over stdin/stdout.</summary>
public sealed class ChildInstance : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    private ChildInstance(Process process) => _process = process;

    public static async Task<ChildInstance> StartAsync(string redisEndpoint, string prefix, string id, Uri downstream, DateTimeOffset start)
    {
        // Same configuration and target framework as this test assembly, in the sibling project's output folder.
        var dll = Path.Combine(
            AppContext.BaseDirectory.Replace("Resilience.Redis.Tests", "Resilience.Redis.TestInstance", StringComparison.Ordinal),
            "Resilience.Redis.TestInstance.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", dll, redisEndpoint, prefix, id, downstream.ToString(), start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var child = new ChildInstance(Process.Start(info)!);
        (await child.ReadAnswerAsync()).Should().Be("ready");
        return child;
    }

    public async Task<string> SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        return await ReadAnswerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                await _process.WaitForExitAsync().WaitAsync(AnswerTimeout);
            }
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }

    private async Task<string> ReadAnswerAsync()
    {
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(AnswerTimeout);
        return line ?? throw new InvalidOperationException($"The instance exited with code {(_process.HasExited ? _process.ExitCode : -1)}.");
    }
}
