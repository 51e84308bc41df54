using CsCheck;
using Resilience.AspNetCore.ExceptionHandling.Internal;

namespace Resilience.AspNetCore.Tests.ExceptionHandling.Internal;

public sealed class ExecutionRejectedExceptionHandlerTests
{
    [Theory]
    [InlineData(0.0, 0L)]
    [InlineData(0.001, 1L)]
    [InlineData(2.0, 2L)]
    [InlineData(2.0001, 3L)]
    [InlineData(-5.0, 0L)]
    public void ToRetryAfterSeconds_Fraction_RoundsUpAndNeverNegative(double seconds, long expected) =>
        ExecutionRejectedExceptionHandler.ToRetryAfterSeconds(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Fact]
    public void ToRetryAfterSeconds_Unknown_IsNull() =>
        ExecutionRejectedExceptionHandler.ToRetryAfterSeconds(null).Should().BeNull();

    [Fact]
    public void ToRetryAfterSeconds_AnyDelay_ClientNeverComesBackBeforeIt() =>
        Gen.Long[0, TimeSpan.FromDays(30).Ticks].Sample(ticks =>
        {
            var delay = TimeSpan.FromTicks(ticks);
            var seconds = ExecutionRejectedExceptionHandler.ToRetryAfterSeconds(delay)!.Value;
            return TimeSpan.FromSeconds(seconds) >= delay && TimeSpan.FromSeconds(seconds) - delay < TimeSpan.FromSeconds(1);
        });

    [Fact]
    public void FindRejection_NestedWithinTheDepthLimit_FindsIt()
    {
        var rejection = new ExecutionRejectedException("full");
        Exception wrapped = rejection;
        for (var i = 0; i < 7; i++)
        {
            wrapped = new InvalidOperationException("wrap", wrapped);
        }

        ExecutionRejectedExceptionHandler.FindRejection(wrapped).Should().BeSameAs(rejection);
        ExecutionRejectedExceptionHandler.FindRejection(new InvalidOperationException("deeper", wrapped)).Should().BeNull("the search stops after eight levels");
        ExecutionRejectedExceptionHandler.FindRejection(new InvalidOperationException("no rejection")).Should().BeNull();
    }
}
