using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Resilience.CircuitBreaking;
using Resilience.Redis;
using StackExchange.Redis;

namespace Resilience.Benchmarks;

/// <summary>
/// The closed-state call cost of a breaker shared through Redis against the same breaker alone. The shared one
/// is attached to a live Redis (a redis-server started on 127.0.0.1 and a free port) with its background loop
/// reporting every 500 ms, so the comparison includes everything sharing does; the call path itself never
/// touches Redis. <c>Control</c> is a second local breaker made after the shared one was attached (never attached
/// itself): it tells a difference that comes from sharing from one that comes from where the breakers lie in memory.
/// </summary>
[MemoryDiagnoser]
public class SharedBreakerBenchmark
{
    private CircuitBreaking.CircuitBreaker _local = null!;
    private CircuitBreaking.CircuitBreaker _shared = null!;
    private CircuitBreaking.CircuitBreaker _control = null!;
    private Process? _redis;
    private ConnectionMultiplexer _connection = null!;
    private RedisCircuitSharing _sharing = null!;

    [GlobalSetup]
    public void Setup()
    {
        _local = CircuitBreakerFixtures.CreateOurs(open: false);
        _shared = new CircuitBreaking.CircuitBreaker("bench-shared", new CircuitBreakerOptions { FailureThreshold = 2, BreakDuration = TimeSpan.FromDays(1) });
        var port = FreePort();
        _redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        while (_redis.StandardOutput.ReadLine() is { } line && !line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
        }

        var options = ConfigurationOptions.Parse($"127.0.0.1:{port}");
        options.AbortOnConnectFail = false;
        _connection = ConnectionMultiplexer.Connect(options);
        _sharing = new RedisCircuitSharing(_connection, new RedisCircuitSharingOptions { KeyPrefix = "bench" });
        _sharing.Attach(_shared);
        _control = new CircuitBreaking.CircuitBreaker("bench-control", new CircuitBreakerOptions { FailureThreshold = 2, BreakDuration = TimeSpan.FromDays(1) });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sharing.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _connection.Dispose();
        _redis?.Kill();
        _redis?.WaitForExit();
        _redis?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await CircuitBreakerFixtures.Operation(1, default);

    [Benchmark]
    public async ValueTask<int> LocalClosedAsync() =>
        await _local.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> SharedClosedAsync() =>
        await _shared.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> ControlClosedAsync() =>
        await _control.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public int LocalClosedSync() => _local.Execute(static (s, _) => s + 1, 1);

    [Benchmark]
    public int SharedClosedSync() => _shared.Execute(static (s, _) => s + 1, 1);

    [Benchmark]
    public int ControlClosedSync() => _control.Execute(static (s, _) => s + 1, 1);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
