using System.Net;

namespace Resilience.Http.Tests;

public class HttpResiliencePredicatesTests
{
    public static TheoryData<int> FailureStatuses => [408, 429, 500, 501, 502, 503, 504, 599];

    public static TheoryData<int> NonFailureStatuses => [200, 201, 204, 301, 304, 400, 401, 403, 404, 405, 409, 410, 422];

    [Theory]
    [MemberData(nameof(FailureStatuses))]
    public void IsTransientStatusCode_ServerErrorsTimeoutAndThrottling_AreFailures(int status)
    {
        HttpResiliencePredicates.IsTransientStatusCode((HttpStatusCode)status).Should().BeTrue();
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        HttpResiliencePredicates.IsTransientFailure(response).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(NonFailureStatuses))]
    public void IsTransientStatusCode_SuccessRedirectAndOtherClientErrors_AreNotFailures(int status)
    {
        HttpResiliencePredicates.IsTransientStatusCode((HttpStatusCode)status).Should().BeFalse();
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        HttpResiliencePredicates.IsTransientFailure(response).Should().BeFalse();
    }

    [Fact]
    public void IsTransientFailure_TransportFailuresAndTimeouts_AreFailures()
    {
        HttpResiliencePredicates.IsTransientFailure(new HttpRequestException("refused"), CancellationToken.None).Should().BeTrue();
        HttpResiliencePredicates.IsTransientFailure(new TimeoutException(), CancellationToken.None).Should().BeTrue();

        // Cancelled, but not by the caller: an attempt timeout.
        HttpResiliencePredicates.IsTransientFailure(new TaskCanceledException(), CancellationToken.None).Should().BeTrue();
    }

    [Fact]
    public void IsTransientFailure_CallerCancellationRejectionAndBugs_AreNotFailures()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        HttpResiliencePredicates.IsTransientFailure(new OperationCanceledException(cts.Token), cts.Token).Should().BeFalse();
        HttpResiliencePredicates.IsTransientFailure(new ExecutionRejectedException(), CancellationToken.None).Should().BeFalse();
        HttpResiliencePredicates.IsTransientFailure(new InvalidOperationException(), CancellationToken.None).Should().BeFalse();
    }

    [Fact]
    public void IsTransientFailure_OutcomeArguments_ClassifiesResultsAndExceptionsWithTheContextToken()
    {
        var context = ResilienceContext.Get();
        try
        {
            using var notFound = new HttpResponseMessage(HttpStatusCode.NotFound);
            using var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            HttpResiliencePredicates.IsTransientFailure(new OutcomeArguments(null, notFound, context)).Should().BeFalse();
            HttpResiliencePredicates.IsTransientFailure(new OutcomeArguments(null, unavailable, context)).Should().BeTrue();
            HttpResiliencePredicates.IsTransientFailure(new OutcomeArguments(new OperationCanceledException(), null, context)).Should().BeTrue();

            using var cts = new CancellationTokenSource();
            cts.Cancel();
            context.CancellationToken = cts.Token;
            HttpResiliencePredicates.IsTransientFailure(new OutcomeArguments(new OperationCanceledException(), null, context)).Should().BeFalse();
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

    [Fact]
    public void ShouldRetry_FailureWithoutRetryPermission_IsFalse()
    {
        var context = ResilienceContext.Get();
        try
        {
            using var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            HttpResiliencePredicates.ShouldRetry(new OutcomeArguments(null, unavailable, context)).Should().BeFalse();
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

    [Fact]
    public void IsTransientFailure_NullArguments_Throw()
    {
        var response = () => HttpResiliencePredicates.IsTransientFailure((HttpResponseMessage)null!);
        var exception = () => HttpResiliencePredicates.IsTransientFailure(null!, CancellationToken.None);

        response.Should().Throw<ArgumentNullException>();
        exception.Should().Throw<ArgumentNullException>();
    }
}
