using System.Net;
using System.Net.Http.Headers;

namespace Resilience.Http.Tests;

public class HttpRetryAfterTests
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public void TryGetDelay_DeltaSeconds_ReturnsTheDelta(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation("Retry-After", "7");

        HttpRetryAfter.TryGetDelay(response, _time, Max, out var delay).Should().BeTrue();

        delay.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void TryGetDelay_HttpDate_IsRelativeToTheTimeProvider()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", _time.GetUtcNow().AddSeconds(12).ToString("R"));
        _time.Advance(TimeSpan.FromSeconds(2));

        HttpRetryAfter.TryGetDelay(response, _time, Max, out var delay).Should().BeTrue();

        delay.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void TryGetDelay_DateInThePast_IsZero()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", _time.GetUtcNow().AddMinutes(-5).ToString("R"));

        HttpRetryAfter.TryGetDelay(response, _time, Max, out var delay).Should().BeTrue();

        delay.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("3600")]
    [InlineData("Sat, 28 Nov 2026 21:00:00 GMT")]
    public void TryGetDelay_LongerThanTheBound_IsCutToTheBound(string header)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", header);

        HttpRetryAfter.TryGetDelay(response, _time, Max, out var delay).Should().BeTrue();

        delay.Should().Be(Max);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "5")]
    [InlineData(HttpStatusCode.MovedPermanently, "5")]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "soon")]
    public void TryGetDelay_OtherStatusMissingOrInvalidHeader_ReturnsFalse(HttpStatusCode status, string? header)
    {
        using var response = new HttpResponseMessage(status);
        if (header is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", header);
        }

        HttpRetryAfter.TryGetDelay(response, _time, Max, out var delay).Should().BeFalse();
        delay.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void TryGetDelay_ParsedValue_DeltaWinsAndNullIsAbsent()
    {
        HttpRetryAfter.TryGetDelay(new RetryConditionHeaderValue(TimeSpan.FromSeconds(4)), _time.GetUtcNow(), Max, out var delta).Should().BeTrue();
        delta.Should().Be(TimeSpan.FromSeconds(4));
        HttpRetryAfter.TryGetDelay(null, _time.GetUtcNow(), Max, out _).Should().BeFalse();
    }

    [Fact]
    public void TryGetDelay_NegativeBound_Throws()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        var act = () => HttpRetryAfter.TryGetDelay(response, _time, TimeSpan.FromSeconds(-1), out _);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxDelay");
    }
}
