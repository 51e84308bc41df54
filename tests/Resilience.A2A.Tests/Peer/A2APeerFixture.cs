using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

[assembly: AssemblyFixture(typeof(Resilience.A2A.Tests.Peer.A2APeerFixture))]

namespace Resilience.A2A.Tests.Peer;

/// <summary>
/// Starts the A2A test peer (tests/a2a-peer/server.mjs, built on the official @a2a-js/sdk) once for the test assembly,
/// reads its ports from stdout, and kills it on dispose. Tests isolate themselves with a scope of their own.
/// </summary>
public sealed class A2APeerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;
    private HttpClient? _admin;

    /// <summary>Gets the base URL of the A2A server.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Gets the port of the A2A server.</summary>
    public int Port { get; private set; }

    /// <summary>Gets the admin client (fault injection and counters).</summary>
    public HttpClient Admin => _admin!;

    /// <summary>Returns a new isolated scope.</summary>
    public static string NewScope() => Guid.NewGuid().ToString("N");

    /// <summary>Returns the base URL of an agent of a scope.</summary>
    public Uri AgentUri(string scope, string agent) => new(BaseUri, $"s/{scope}/{agent}");

    public async ValueTask InitializeAsync()
    {
        var peerDir = Path.Combine(FindRepoRoot(), "tests", "a2a-peer");
        if (!Directory.Exists(Path.Combine(peerDir, "node_modules")))
        {
            throw new InvalidOperationException($"The A2A peer's packages are not installed: run `npm ci` in {peerDir} (test.sh does).");
        }

        var start = new ProcessStartInfo("node", "server.mjs")
        {
            WorkingDirectory = peerDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginErrorReadLine();

        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(StartupTimeout);
        if (line is null)
        {
            throw new InvalidOperationException("The A2A peer exited before printing its ports.");
        }

        using var doc = JsonDocument.Parse(line);
        Port = doc.RootElement.GetProperty("port").GetInt32();
        var adminPort = doc.RootElement.GetProperty("adminPort").GetInt32();
        BaseUri = new Uri($"http://127.0.0.1:{Port}/");
        _admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}/") };
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(StartupTimeout);
            }

            process.Dispose();
        }
    }

    /// <summary>Queues faults for a scope.</summary>
    public async Task InjectAsync(string scope, params object[] faults)
    {
        using var response = await Admin.PostAsJsonAsync($"s/{scope}/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Returns how many requests of a method reached the scope's agents.</summary>
    public async Task<int> CountAsync(string scope, string method)
    {
        using var doc = JsonDocument.Parse(await Admin.GetStringAsync($"s/{scope}/counts"));
        return doc.RootElement.GetProperty("byMethod").TryGetProperty(method, out var n) ? n.GetInt32() : 0;
    }

    /// <summary>Returns the recorded headers of every JSON-RPC request of the scope (method, authorization, extensions, x-*).</summary>
    public async Task<List<Dictionary<string, string>>> HeadersAsync(string scope)
    {
        using var doc = JsonDocument.Parse(await Admin.GetStringAsync($"s/{scope}/counts"));
        return doc.RootElement.GetProperty("headers").EnumerateArray()
            .Select(h => h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>Returns how many requests reached the scope's agents in total.</summary>
    public async Task<int> TotalAsync(string scope)
    {
        using var doc = JsonDocument.Parse(await Admin.GetStringAsync($"s/{scope}/counts"));
        return doc.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>Waits (server side, bounded) until <paramref name="method"/> has reached the scope <paramref name="count"/> times.</summary>
    public async Task WaitForAsync(string scope, string method, int count)
    {
        using var doc = JsonDocument.Parse(await Admin.GetStringAsync($"s/{scope}/wait?method={Uri.EscapeDataString(method)}&count={count}"));
        if (!doc.RootElement.GetProperty("reached").GetBoolean())
        {
            throw new TimeoutException($"{method} did not reach the peer {count} time(s).");
        }
    }

    /// <summary>Releases the scope's held requests and silent streams.</summary>
    public async Task ReleaseAsync(string scope)
    {
        using var response = await Admin.PostAsync($"s/{scope}/release", null);
        response.EnsureSuccessStatusCode();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "a2a-peer", "server.mjs")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find tests/a2a-peer/server.mjs above " + AppContext.BaseDirectory);
    }
}
