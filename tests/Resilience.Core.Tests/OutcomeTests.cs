using System.Runtime.CompilerServices;

namespace Resilience.Core.Tests;

public sealed class OutcomeTests
{
    [Fact]
    public void An_outcome_of_a_small_result_is_three_words()
    {
        // The exception and the rejection share one field: every stage copies its outcome at least once per call.
        Unsafe.SizeOf<Outcome<int>>().Should().Be(24);
        Unsafe.SizeOf<Outcome<object>>().Should().Be(24);
    }

    [Fact]
    public void A_result_has_no_exception_and_is_not_rejected()
    {
        var outcome = Outcome.FromResult(42);

        outcome.HasResult.Should().BeTrue();
        outcome.IsRejected.Should().BeFalse();
        outcome.Exception.Should().BeNull();
        outcome.RetryAfter.Should().BeNull();
        outcome.GetResultOrThrow().Should().Be(42);
    }

    [Fact]
    public void An_exception_is_rethrown_with_its_original_stack_trace()
    {
        var thrown = CaptureThrown();
        var outcome = Outcome.FromException<int>(thrown);

        outcome.HasResult.Should().BeFalse();
        outcome.IsRejected.Should().BeFalse();
        outcome.Exception.Should().BeSameAs(thrown);
        outcome.RetryAfter.Should().BeNull();
        var rethrown = outcome.Invoking(o => o.GetResultOrThrow()).Should().Throw<InvalidOperationException>().Which;
        rethrown.Should().BeSameAs(thrown);
        rethrown.StackTrace.Should().Contain(nameof(CaptureThrown));
    }

    [Fact]
    public void A_thrown_rejection_is_a_rejection_with_its_retry_after()
    {
        var rejected = new ExecutionRejectedException("full") { RetryAfter = TimeSpan.FromSeconds(3) };
        var outcome = Outcome.FromException<int>(rejected);

        outcome.IsRejected.Should().BeTrue();
        outcome.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
        outcome.Exception.Should().BeSameAs(rejected);
    }

    [Fact]
    public void A_rejection_creates_a_new_exception_on_each_read_and_on_each_throw()
    {
        var source = new CountingRejectionSource();
        var outcome = Outcome.FromRejection<int>(source, TimeSpan.FromSeconds(5));

        outcome.HasResult.Should().BeFalse();
        outcome.IsRejected.Should().BeTrue();
        outcome.RetryAfter.Should().Be(TimeSpan.FromSeconds(5));
        source.Created.Should().Be(0, "a rejection costs no exception until somebody asks for one");

        var first = outcome.Exception;
        var second = outcome.Exception;
        first.Should().BeOfType<ExecutionRejectedException>().Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(5));
        second.Should().NotBeSameAs(first);
        outcome.Invoking(o => o.ThrowIfException()).Should().Throw<ExecutionRejectedException>();
        source.Created.Should().Be(3);
    }

    [Fact]
    public void A_rejection_that_does_not_know_when_to_retry_reads_as_no_retry_after()
    {
        var outcome = Outcome.FromRejection<int>(new CountingRejectionSource(), System.Threading.Timeout.InfiniteTimeSpan);

        outcome.IsRejected.Should().BeTrue();
        outcome.RetryAfter.Should().BeNull();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException CaptureThrown()
    {
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    private sealed class CountingRejectionSource : IRejectionSource
    {
        public int Created { get; private set; }

        public ExecutionRejectedException CreateRejectedException(TimeSpan retryAfter)
        {
            Created++;
            return new ExecutionRejectedException("rejected") { RetryAfter = retryAfter };
        }
    }
}
