using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;

public sealed class CircuitOpenExceptionTests
{
    [Fact]
    public void Ctor_BreakerDetails_ExposedAndInMessage()
    {
        var exception = new CircuitOpenException("payment-api", CircuitState.Open, TimeSpan.FromSeconds(12.5));

        exception.BreakerName.Should().Be("payment-api");
        exception.State.Should().Be(CircuitState.Open);
        exception.RetryAfter.Should().Be(TimeSpan.FromSeconds(12.5));
        exception.Message.Should().Be("The circuit breaker 'payment-api' is open; the call was rejected without running. Retry after 12.5 s.");
    }

    [Theory]
    [InlineData(CircuitState.HalfOpen, "The circuit breaker 'a' is half-open and every probe slot is taken; the call was rejected without running.")]
    [InlineData(CircuitState.Isolated, "The circuit breaker 'a' is isolated; the call was rejected without running.")]
    public void Ctor_UnknownRetryAfter_MessageSaysWhy(CircuitState state, string message)
    {
        var exception = new CircuitOpenException("a", state, null);

        exception.Message.Should().Be(message);
        exception.RetryAfter.Should().BeNull();
    }

    [Fact]
    public void Ctor_StandardConstructors_Work()
    {
        var inner = new InvalidOperationException();

        new CircuitOpenException().Message.Should().NotBeNullOrEmpty();
        new CircuitOpenException("m").Message.Should().Be("m");
        new CircuitOpenException("m", inner).InnerException.Should().BeSameAs(inner);
        new CircuitOpenException().Should().BeAssignableTo<ExecutionRejectedException>();
    }
}
