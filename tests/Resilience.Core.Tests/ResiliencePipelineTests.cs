namespace Resilience.Core.Tests;

public sealed class ResiliencePipelineTests
{
    [Fact]
    public async Task ExecuteAsync_EmptyPipeline_ReturnsOperationResult()
    {
        var result = await ResiliencePipeline.Empty.ExecuteAsync(static (x, _) => ValueTask.FromResult(x * 2), 21);

        result.Should().Be(42);
    }

    [Fact]
    public async Task ExecuteAsync_OperationThrows_RethrowsSameExceptionWithOriginalStack()
    {
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(new RecordingStrategy("a", [])).Build();

        var act = () => pipeline.ExecuteAsync<int>(_ => ThrowingOperation()).AsTask();

        var thrown = (await act.Should().ThrowAsync<InvalidOperationException>()).Which;
        thrown.StackTrace.Should().Contain(nameof(ThrowingOperation));
    }

    [Fact]
    public async Task ExecuteAsync_StagesRunOutermostFirstInOrderAdded()
    {
        var log = new List<string>();
        var pipeline = new ResiliencePipelineBuilder()
            .AddStrategy(new RecordingStrategy("outer", log))
            .AddStrategy(new RecordingStrategy("middle", log))
            .AddStrategy(new RecordingStrategy("inner", log))
            .Build();

        await pipeline.ExecuteAsync(_ =>
        {
            log.Add("operation");
            return ValueTask.CompletedTask;
        });

        log.Should().Equal("outer:before", "middle:before", "inner:before", "operation", "inner:after", "middle:after", "outer:after");
    }

    [Fact]
    public async Task ExecuteAsync_CallerToken_ReachesOperation()
    {
        using var cts = new CancellationTokenSource();
        CancellationToken seen = default;

        await ResiliencePipeline.Empty.ExecuteAsync(
            ct =>
            {
                seen = ct;
                return ValueTask.CompletedTask;
            },
            cts.Token);

        seen.Should().Be(cts.Token);
    }

    private static ValueTask<int> ThrowingOperation() => throw new InvalidOperationException("boom");

    private sealed class RecordingStrategy(string name, List<string> log) : ResilienceStrategy
    {
        protected internal override async ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
            ResilienceContext context,
            TState state)
        {
            log.Add($"{name}:before");
            var outcome = await callback(context, state);
            log.Add($"{name}:after");
            return outcome;
        }
    }
}
