using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


/// <summary>The execution forms: non-throwing, void, synchronous; argument and options checks.</summary>
public sealed partial class CircuitBreakerTests
{
    [Fact]
    public async Task ExecuteOutcomeAsync_Open_ReturnsRejectionWithoutThrowing()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        await TripAsync(breaker, 1);

        var outcome = await breaker.ExecuteOutcomeAsync(_ => Counted(new ValueTask<int>(1)));

        outcome.IsRejected.Should().BeTrue();
        outcome.HasResult.Should().BeFalse();
        outcome.RetryAfter.Should().Be(Break);
        outcome.Exception.Should().BeOfType<CircuitOpenException>().Which.BreakerName.Should().Be("test");
        _calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_OperationThrows_ReturnsExceptionAndCountsIt()
    {
        var breaker = Create(new() { FailureThreshold = 1 });

        var outcome = await breaker.ExecuteOutcomeAsync<int, int>((_, _) => throw new TimeoutException(), 0);

        outcome.Exception.Should().BeOfType<TimeoutException>();
        outcome.IsRejected.Should().BeFalse();
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_AsyncOperation_ReturnsResult()
    {
        var breaker = Create();

        var outcome = await breaker.ExecuteOutcomeAsync(async _ =>
        {
            await Task.Yield();
            return 5;
        });

        outcome.Result.Should().Be(5);
        breaker.GetSnapshot().WindowSuccesses.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_AsynchronousFailure_IsCounted()
    {
        var breaker = Create(new() { FailureThreshold = 1 });

        await FluentActions.Awaiting(() => breaker.ExecuteAsync(async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException();
        }).AsTask()).Should().ThrowAsync<InvalidOperationException>();

        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_VoidForms_CountOutcomes()
    {
        var breaker = Create(new() { FailureThreshold = 2 });
        var ran = 0;

        await breaker.ExecuteAsync(_ =>
        {
            ran++;
            return ValueTask.CompletedTask;
        });
        await breaker.ExecuteAsync(static async (counter, _) =>
        {
            await Task.Yield();
            counter.Add(1);
        }, new List<int>());
        await FluentActions.Awaiting(() => breaker.ExecuteAsync(_ => ValueTask.FromException(new IOException())).AsTask()).Should().ThrowAsync<IOException>();
        await FluentActions.Awaiting(() => breaker.ExecuteAsync(async _ =>
        {
            await Task.Yield();
            throw new IOException();
        }).AsTask()).Should().ThrowAsync<IOException>();

        ran.Should().Be(1);
        breaker.State.Should().Be(CircuitState.Open);
        breaker.GetSnapshot().WindowSuccesses.Should().Be(2);
        await FluentActions.Awaiting(() => breaker.ExecuteAsync(_ => ValueTask.CompletedTask).AsTask()).Should().ThrowAsync<CircuitOpenException>();
    }

    [Fact]
    public async Task ExecuteAsync_OperationThrowsSynchronously_ReturnsFaultedTaskWithOriginalStack()
    {
        var breaker = Create(new() { FailureThreshold = 1 });

        var pending = breaker.ExecuteAsync<int>(_ => ThrowSynchronously());

        pending.IsFaulted.Should().BeTrue("the exception is returned in the task, as an async method would");
        var thrown = (await FluentActions.Awaiting(() => pending.AsTask()).Should().ThrowAsync<IOException>()).Which;
        thrown.StackTrace.Should().Contain(nameof(ThrowSynchronously));
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public void Execute_SyncForms_CountOutcomesAndRejectWhenOpen()
    {
        var breaker = Create(new() { FailureThreshold = 2 });

        breaker.Execute(static (x, _) => x * 2, 21).Should().Be(42);
        breaker.Execute(_ => 1).Should().Be(1);
        breaker.Execute(static (list, _) => list.Add(1), new List<int>());
        FluentActions.Invoking(() => breaker.Execute(_ => throw new IOException())).Should().Throw<IOException>();
        FluentActions.Invoking(() => breaker.Execute<int>(_ => throw new IOException())).Should().Throw<IOException>();

        breaker.State.Should().Be(CircuitState.Open);
        breaker.GetSnapshot().WindowSuccesses.Should().Be(3);
        FluentActions.Invoking(() => breaker.Execute(_ => 1)).Should().Throw<CircuitOpenException>();
    }

    [Fact]
    public void Execute_NullOperation_Throws()
    {
        var breaker = Create();

        FluentActions.Invoking(() => breaker.Execute<int>(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => breaker.ExecuteAsync<int>(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => breaker.ExecuteOutcomeAsync<int>(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsNamingOptionAndValue()
    {
        var act = () => new CircuitBreaker("x", new CircuitBreakerOptions { FailureThreshold = 0 });

        act.Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "options" && e.Message.Contains("FailureThreshold must be between 1 and 10000; it was 0."));
    }

    [Fact]
    public void Ctor_EmptyName_Throws()
    {
        FluentActions.Invoking(() => new CircuitBreaker(" ")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Ctor_OptionsCopied_LaterMutationDoesNotChangeBreaker()
    {
        var options = new CircuitBreakerOptions { FailureThreshold = 1 };
        var breaker = Create(options);

        options.FailureThreshold = 100;
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Open);
    }

    private static ValueTask<int> ThrowSynchronously() => throw new IOException("sync");
}
