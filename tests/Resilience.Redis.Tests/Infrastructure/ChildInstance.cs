using System.Diagnostics;
using System.Globalization;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>One service instance as a separate process (tests/Resilience.Redis.TestInstance), driven over stdin/stdout.</summary>
public sealed class ChildInstance : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    private ChildInstance(Process process) => _process = process;

    /// <summary>Gets the instance id the child reports under (its default identity when started with <c>default</c>).</summary>
    public string InstanceId { get; private set; } = string.Empty;

    /// <summary>Starts a child and waits until it is connected and attached.</summary>
    /// <param name="redisEndpoint">The Redis endpoint.</param>
    /// <param name="prefix">The key prefix of the fleet.</param>
    /// <param name="id">The instance id, or <c>default</c> for the library's default (host) identity.</param>
    /// <param name="downstream">The downstream it calls.</param>
    /// <param name="start">The instant its virtual clock starts at.</param>
    /// <param name="failureRatio">Its breaker's FailureRatio.</param>
    /// <param name="minimumThroughput">Its breaker's MinimumThroughput.</param>
    public static async Task<ChildInstance> StartAsync(
        string redisEndpoint,
        string prefix,
        string id,
        Uri downstream,
        DateTimeOffset start,
        double failureRatio = 0.5,
        int minimumThroughput = 10)
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
        string[] arguments =
        [
            "exec", dll,
            "--redis", redisEndpoint,
            "--prefix", prefix,
            "--id", id,
            "--downstream", downstream.ToString(),
            "--start", start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            "--ratio", failureRatio.ToString("R", CultureInfo.InvariantCulture),
            "--throughput", minimumThroughput.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var child = new ChildInstance(Process.Start(info)!);
        var ready = await child.ReadAnswerAsync();
        ready.Should().StartWith("ready ");
        child.InstanceId = ready["ready ".Length..];
        return child;
    }

    /// <summary>Kills the process without letting it stop (a crash): it withdraws nothing.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(AnswerTimeout);
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
