using BenchmarkDotNet.Attributes;

namespace Resilience.Benchmarks;

/// <summary>
/// What the HTTP handler does with a call's properties per request (three sets, three reads, two of them misses, then the
/// context goes back to the pool): on <see cref="ResilienceContext"/>'s property list beside the ordinal
/// <see cref="Dictionary{TKey, TValue}"/> it replaced.
/// </summary>
[MemoryDiagnoser]
public class ContextPropertiesBenchmark
{
    // The handler's keys, with its names.
    private static readonly ResiliencePropertyKey<object> Request = new("Resilience.Http.Request");
    private static readonly ResiliencePropertyKey<object> RetryableRequest = new("Resilience.Http.RetryableRequest");
    private static readonly ResiliencePropertyKey<object> AttemptRequest = new("Resilience.Http.AttemptRequest");
    private static readonly ResiliencePropertyKey<object> LastResponse = new("Resilience.Http.LastResponse");

    private readonly Dictionary<string, object?> _dictionary = new(StringComparer.Ordinal);
    private readonly object _request = new();
    private readonly object _response = new();

    /// <summary>The dictionary the context used before, cleared as the context's return cleared it.</summary>
    [Benchmark(Baseline = true)]
    public bool Dictionary()
    {
        var context = ResilienceContext.Get();
        var properties = _dictionary;
        properties[Request.Key] = _request;
        properties[RetryableRequest.Key] = _request;
        var found = properties.TryGetValue(LastResponse.Key, out _);
        found |= properties.TryGetValue(AttemptRequest.Key, out _);
        properties[LastResponse.Key] = _response;
        found &= properties.TryGetValue(LastResponse.Key, out var last) && ReferenceEquals(last, _response);
        properties.Clear();
        ResilienceContext.Return(context);
        return found;
    }

    /// <summary>The context's own properties.</summary>
    [Benchmark]
    public bool PropertyList()
    {
        var context = ResilienceContext.Get();
        context.SetProperty(Request, _request);
        context.SetProperty(RetryableRequest, _request);
        var found = context.TryGetProperty(LastResponse, out _);
        found |= context.TryGetProperty(AttemptRequest, out _);
        context.SetProperty(LastResponse, _response);
        found &= context.TryGetProperty(LastResponse, out var last) && ReferenceEquals(last, _response);
        ResilienceContext.Return(context);
        return found;
    }
}
