using Resilience.CircuitBreaking;

namespace Resilience.Demo;

/// <summary>Calls each service through its resilient <see cref="HttpClient"/> at the profile's rate, counting outcomes.</summary>
public sealed class TrafficGenerator(IHttpClientFactory clients, TimeProvider time)
{
    private const int MaxInFlightPerService = 16;

    public IReadOnlyDictionary<string, ServiceStats> Stats { get; } = ServiceProfile.All.ToDictionary(p => p.Name, _ => new ServiceStats());

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then waits for the calls in flight.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(ServiceProfile.All.Select(profile => RunServiceAsync(profile, cancellationToken)));

    private async Task RunServiceAsync(ServiceProfile profile, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(profile.Name);
        var stats = Stats[profile.Name];
        using var slots = new SemaphoreSlim(MaxInFlightPerService);
        var inFlight = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await slots.WaitAsync(0, CancellationToken.None))
                {
                    inFlight.Add(CallAsync(client, profile.Path, stats, slots, cancellationToken));
                    inFlight.RemoveAll(static t => t.IsCompleted);
                }

                await Task.Delay(profile.RequestInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The demo is over.
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task CallAsync(HttpClient client, string path, ServiceStats stats, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                stats.RecordSuccess();
            }
            else
            {
                stats.RecordFailure();
            }
        }
        catch (CircuitOpenException)
        {
            stats.RecordRejection();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-call: not counted.
        }
#pragma warning disable CA1031 // A demo counts every other failure (timeouts, refused connections) and carries on.
        catch (Exception)
        {
            stats.RecordFailure();
        }
#pragma warning restore CA1031
        finally
        {
            slots.Release();
        }
    }
}
