using Microsoft.Extensions.Caching.Memory;
using Resilience.TestUtilities.Stages;
using Resilience.Degradation;

namespace Resilience.Extensions.Tests.Degradation;

public sealed class StaleCacheFallbackTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void Options_Defaults()
    {
        var options = new StaleCacheOptions();

        options.MaxStaleness.Should().Be(TimeSpan.FromMinutes(5));
        options.ShouldHandle.Should().BeNull();
        options.CacheKeyGenerator.Should().BeNull();
    }

    [Fact]
    public async Task ExecuteAsync_FreshCallSucceeds_ReturnsFreshResult()
    {
        var fallback = Create(TimeSpan.FromMinutes(1));

        var result = await fallback.ExecuteAsync("user:1", _ => ValueTask.FromResult("alice"));

        result.Value.Should().Be("alice");
        result.IsStale.Should().BeFalse();
        result.Age.Should().Be(TimeSpan.Zero);
        result.FreshFailure.Should().BeNull();
    }

    [Fact]
    public async Task ExecuteAsync_FailsWithinMaxStaleness_ServesCachedValueWithItsAge()
    {
        var fallback = Create(TimeSpan.FromMinutes(1));
        await fallback.ExecuteAsync("user:1", _ => ValueTask.FromResult("alice"));
        _time.Advance(TimeSpan.FromSeconds(42));

        var result = await fallback.ExecuteAsync("user:1", Fails("backend down"));

        result.Value.Should().Be("alice");
        result.IsStale.Should().BeTrue();
        result.Age.Should().Be(TimeSpan.FromSeconds(42));
        result.FreshFailure.Should().BeOfType<IOException>().Which.Message.Should().Be("backend down");
    }

    [Fact]
    public async Task ExecuteAsync_AgeExactlyMaxStaleness_StillServed()
    {
        var fallback = Create(TimeSpan.FromMinutes(1));
        await fallback.ExecuteAsync("k", _ => ValueTask.FromResult("v"));
        _time.Advance(TimeSpan.FromMinutes(1));

        (await fallback.ExecuteAsync("k", Fails("down"))).Age.Should().Be(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task ExecuteAsync_FailsPastMaxStaleness_RefusesAndPropagatesFailure()
    {
        var fallback = Create(TimeSpan.FromMinutes(1));
        await fallback.ExecuteAsync("user:1", _ => ValueTask.FromResult("alice"));
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(1));

        var act = () => fallback.ExecuteAsync("user:1", Fails("backend down")).AsTask();

        await act.Should().ThrowAsync<IOException>().WithMessage("backend down");
    }

    [Fact]
    public async Task ExecuteAsync_NothingCached_PropagatesFailure()
    {
        var fallback = Create(TimeSpan.FromMinutes(1));

        var act = () => fallback.ExecuteAsync("user:1", Fails("down")).AsTask();

        await act.Should().ThrowAsync<IOException>();
    }

    [Fact]
    public async Task ExecuteAsync_LaterSuccess_RefreshesCachedValueAndAge()
    {
        var fallback = Create(TimeSpan.FromMinutes(1));
        await fallback.ExecuteAsync("k", _ => ValueTask.FromResult("old"));
        _time.Advance(TimeSpan.FromSeconds(50));
        await fallback.ExecuteAsync("k", _ => ValueTask.FromResult("new"));
        _time.Advance(TimeSpan.FromSeconds(20));

        var result = await fallback.ExecuteAsync("k", Fails("down"));

        result.Value.Should().Be("new");
        result.Age.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ExecuteAsync_KeysAreIndependent()
    {
        var fallback = Create(TimeSpan.FromMinutes(1));
        await fallback.ExecuteAsync("a", _ => ValueTask.FromResult("A"));

        var act = () => fallback.ExecuteAsync("b", Fails("down")).AsTask();

        await act.Should().ThrowAsync<IOException>();
    }

    [Fact]
    public async Task ExecuteAsync_HandledResult_NotCachedAndAnsweredFromCache()
    {
        var fallback = new StaleCacheFallback<string>(
            _cache,
            new StaleCacheOptions { ShouldHandle = args => args.Result is "503" },
            _time);
        await fallback.ExecuteAsync("k", _ => ValueTask.FromResult("good"));
        _time.Advance(TimeSpan.FromSeconds(1));

        var first = await fallback.ExecuteAsync("k", _ => ValueTask.FromResult("503"));
        var second = await fallback.ExecuteAsync("k", _ => ValueTask.FromResult("503"));

        first.Value.Should().Be("good");
        first.IsStale.Should().BeTrue();
        second.Value.Should().Be("good");
        second.Age.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ExecuteCoreAsync_InPipelineWithRejection_ServesCachedValueAndSetsAgeProperty()
    {
        // Arrange: a first call fills the cache; then an inner stage rejects, as an open circuit would.
        var filled = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddStaleCacheFallback<int>(_cache, new StaleCacheOptions())
            .Build();
        var rejected = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddStaleCacheFallback<int>(_cache, new StaleCacheOptions())
            .AddStrategy(new RejectingStrategy())
            .Build();
        await Run(filled, "price", 100);
        _time.Advance(TimeSpan.FromSeconds(3));

        // Act
        var context = ResilienceContext.Get();
        context.SetProperty(StaleCacheProperties.CacheKey, "price");
        var outcome = await rejected.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromResult(0)), context, 0);

        // Assert
        outcome.Result.Should().Be(100);
        context.TryGetProperty(StaleCacheProperties.ServedAge, out var age).Should().BeTrue();
        age.Should().Be(TimeSpan.FromSeconds(3));
        ResilienceContext.Return(context);
    }

    [Fact]
    public async Task ExecuteCoreAsync_NoKey_PassesThroughWithoutCaching()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddStaleCacheFallback<int>(_cache, new StaleCacheOptions())
            .Build();

        (await pipeline.ExecuteAsync(_ => ValueTask.FromResult(5))).Should().Be(5);

        _cache.Count.Should().Be(0);
    }

    [Fact]
    public void Ctor_NonPositiveMaxStaleness_ThrowsNamingOptionAndValue()
    {
        var act = () => new StaleCacheFallback<int>(_cache, new StaleCacheOptions { MaxStaleness = TimeSpan.Zero });

        act.Should().Throw<ArgumentException>().WithMessage("Invalid StaleCacheOptions: MaxStaleness must be between 00:00:00.0010000 and 30.00:00:00; it was 00:00:00.*");
    }

    private static async Task Run(ResiliencePipeline pipeline, string key, int value)
    {
        var context = ResilienceContext.Get();
        context.SetProperty(StaleCacheProperties.CacheKey, key);
        (await pipeline.ExecuteOutcomeAsync((_, v) => ValueTask.FromResult(Outcome.FromResult(v)), context, value)).Result.Should().Be(value);
        ResilienceContext.Return(context);
    }

    private static Func<CancellationToken, ValueTask<string>> Fails(string message) => _ => throw new IOException(message);

    private StaleCacheFallback<string> Create(TimeSpan maxStaleness) =>
        new(_cache, new StaleCacheOptions { MaxStaleness = maxStaleness }, _time);
}
