using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using BenchmarkDotNet.Attributes;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Resilience.CircuitBreaking;
using Resilience.Retry;
using PollyPipeline = Polly.ResiliencePipeline;
using PollyPipelineBuilder = Polly.ResiliencePipelineBuilder;

namespace Resilience.Benchmarks;

/// <summary>
/// The success path when the protected call does not complete synchronously, as every real network call: the operation
/// yields once (<see cref="Task.Yield"/>) before it returns. Each stage that awaits it then boxes its state machine, which
/// the in-memory benchmarks (whose operation completes at once) never show. Ours beside Polly.Core's, stage by stage and
/// for the recommended composition; overhead = a case's mean (and bytes) minus <see cref="DirectAsync"/>'s, which pays
/// for the operation's own state machine. <see cref="DefaultBuilderWrapperAsync"/> and <see cref="PoolingBuilderWrapperAsync"/>
/// measure the lever the stages use, alone: one awaiting frame around the operation, boxed by the default builder or
/// taken from <see cref="PoolingAsyncValueTaskMethodBuilder{TResult}"/>'s pool (no bytes, some time). The <c>Inline</c>
/// cases complete the operation on the awaiting thread as soon as it is awaited (<see cref="InlineCompletion"/>): the same
/// slow path without the thread-pool hop, so their means show what the frames cost rather than the scheduler's noise.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BytesConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AsyncPathBenchmark
{
    private ResiliencePipeline _oursBreaker = null!;
    private ResiliencePipeline _oursRatioBreaker = null!;
    private ResiliencePipeline _oursRetry = null!;
    private ResiliencePipeline _oursTimeout = null!;
    private ResiliencePipeline _oursPipeline = null!;
    private PollyPipeline _pollyBreaker = null!;
    private PollyPipeline _pollyRetry = null!;
    private PollyPipeline _pollyTimeout = null!;
    private PollyPipeline _pollyPipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _oursBreaker = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreaker("bench-async")).Build();
        _oursRatioBreaker = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreaker("bench-async-ratio", new CircuitBreakerOptions { TripPolicy = CircuitBreakerTripPolicy.FailureRatio }))
            .Build();
        _oursRetry = new ResiliencePipelineBuilder().AddRetry(new RetryOptions()).Build();
        _oursTimeout = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(30)).Build();
        _oursPipeline = new ResiliencePipelineBuilder().AddResilientCall().Build();

        _pollyBreaker = new PollyPipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
        _pollyRetry = new PollyPipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();
        _pollyTimeout = new PollyPipelineBuilder().AddTimeout(TimeSpan.FromSeconds(30)).Build();
        _pollyPipeline = new PollyPipelineBuilder()
            .AddTimeout(TimeSpan.FromSeconds(30))
            .AddRetry(new RetryStrategyOptions())
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions())
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await YieldingOperation(1, default);

    [Benchmark]
    public async ValueTask<int> OursBreakerAsync() => await _oursBreaker.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> OursRatioBreakerAsync() => await _oursRatioBreaker.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyBreakerAsync() => await _pollyBreaker.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> OursRetryAsync() => await _oursRetry.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyRetryAsync() => await _pollyRetry.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> OursTimeoutAsync() => await _oursTimeout.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyTimeoutAsync() => await _pollyTimeout.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> OursPipelineAsync() => await _oursPipeline.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyPipelineAsync() => await _pollyPipeline.ExecuteAsync(static (s, ct) => YieldingOperation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> DefaultBuilderWrapperAsync() => await DefaultBuilderFrame(1);

    [Benchmark]
    public async ValueTask<int> PoolingBuilderWrapperAsync() => await PoolingBuilderFrame(1);

    [Benchmark]
    public async ValueTask<int> DefaultBuilderWrapperInlineAsync() => await DefaultBuilderInlineFrame(1);

    [Benchmark]
    public async ValueTask<int> PoolingBuilderWrapperInlineAsync() => await PoolingBuilderInlineFrame(1);

    [Benchmark]
    public async ValueTask<int> OursPipelineInlineAsync() => await _oursPipeline.ExecuteAsync(static (s, _) => InlineCompletion.Start(s), 1);

    [Benchmark]
    public async ValueTask<int> PollyPipelineInlineAsync() => await _pollyPipeline.ExecuteAsync(static (s, _) => InlineCompletion.Start(s), 1);

    private static async ValueTask<int> DefaultBuilderInlineFrame(int state) => await InlineCompletion.Start(state).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PoolingBuilderInlineFrame(int state) => await InlineCompletion.Start(state).ConfigureAwait(false);

    // The same frame twice, only the builder differs: what one stage's await costs with and without the pool.
    private static async ValueTask<int> DefaultBuilderFrame(int state) => await YieldingOperation(state, default).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PoolingBuilderFrame(int state) => await YieldingOperation(state, default).ConfigureAwait(false);

    private static async ValueTask<int> YieldingOperation(int state, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return state + 1;
    }

    /// <summary>An operation that is pending when awaited and completes at once on the awaiting thread: every frame above it
    /// takes its asynchronous path (boxes or rents its state machine) without a thread-pool hop. One per thread, reused.</summary>
    private sealed class InlineCompletion : IValueTaskSource<int>
    {
        [ThreadStatic]
        private static InlineCompletion? t_current;

        private int _value;
        private bool _completed;
        private short _version;

        public static ValueTask<int> Start(int state)
        {
            var source = t_current ??= new InlineCompletion();
            source._value = state + 1;
            source._completed = false;
            return new ValueTask<int>(source, ++source._version);
        }

        public ValueTaskSourceStatus GetStatus(short token) => _completed ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            _completed = true;
            continuation(state);
        }

        public int GetResult(short token) => _value;
    }
}
