using System.Net;
using System.Net.Sockets;

namespace Resilience.A2A.Tests;

public sealed class A2AResiliencePredicatesTests
{
    public static TheoryData<Exception, bool> Classification => new()
    {
        { Http(HttpStatusCode.InternalServerError), true },
        { Http(HttpStatusCode.BadGateway), true },
        { Http(HttpStatusCode.ServiceUnavailable), true },
        { Http(HttpStatusCode.TooManyRequests), true },
        { Http(HttpStatusCode.RequestTimeout), true },
        { Http(HttpStatusCode.BadRequest), false },
        { Http(HttpStatusCode.Unauthorized), false },
        { Http(HttpStatusCode.Forbidden), false },
        { Http(HttpStatusCode.NotFound), false },
        { Http(HttpStatusCode.Redirect), false },
        { Rpc(A2AErrorCode.InternalError, HttpStatusCode.OK), true },
        { Rpc(A2AErrorCode.ParseError, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.InvalidRequest, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.MethodNotFound, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.InvalidParams, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.TaskNotFound, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.TaskNotCancelable, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.PushNotificationNotSupported, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.UnsupportedOperation, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.ContentTypeNotSupported, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.InvalidAgentResponse, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.ExtendedAgentCardNotConfigured, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.ExtensionSupportRequired, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.VersionNotSupported, HttpStatusCode.OK), false },
        { Rpc(A2AErrorCode.TaskNotFound, HttpStatusCode.InternalServerError), false },
        { Rpc(A2AErrorCode.InternalError, HttpStatusCode.BadRequest), true },
        { new A2AException("t", A2AErrorKind.Transport), true },
        { new A2AException("t", A2AErrorKind.Timeout), true },
        { new A2AException("p", A2AErrorKind.Protocol), false },
        { new HttpRequestException("x"), true },
        { new TimeoutException(), true },
        { new InvalidOperationException(), false },
        { new OperationCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Classification))]
    public void IsTransient_Failure_MatchesClassificationTable(Exception failure, bool transient)
    {
        A2AResiliencePredicates.IsTransient(failure).Should().Be(transient);
        A2AResiliencePredicates.IsPermanent(failure).Should().Be(failure is A2AException && !transient);
    }

    [Fact]
    public void IsTransient_Null_False() => A2AResiliencePredicates.IsTransient(null).Should().BeFalse();

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, true)]
    [InlineData(HttpRequestError.NameResolutionError, true)]
    [InlineData(HttpRequestError.ResponseEnded, false)]
    [InlineData(HttpRequestError.Unknown, false)]
    public void IsSurelyNotProcessed_TransportFailure_OnlyConnectFailures(HttpRequestError error, bool expected)
    {
        var failure = new A2AException("t", A2AErrorKind.Transport, new HttpRequestException(error, "x"));

        A2AResiliencePredicates.IsSurelyNotProcessed(failure).Should().Be(expected);
    }

    [Fact]
    public void IsSurelyNotProcessed_ConnectionRefusedSocket_True()
    {
        var failure = new A2AException("t", A2AErrorKind.Transport, new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)));

        A2AResiliencePredicates.IsSurelyNotProcessed(failure).Should().BeTrue();
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.BadGateway, false)]
    public void IsSurelyNotProcessed_HttpStatus_Only503And429(HttpStatusCode status, bool expected) =>
        A2AResiliencePredicates.IsSurelyNotProcessed(Http(status)).Should().Be(expected);

    [Theory]
    [InlineData(A2AOperationKind.GetTask, false, true)]
    [InlineData(A2AOperationKind.CancelTask, false, true)]
    [InlineData(A2AOperationKind.AgentCard, false, true)]
    [InlineData(A2AOperationKind.SubscribeToTask, false, true)]
    [InlineData(A2AOperationKind.SendMessage, false, false)]
    [InlineData(A2AOperationKind.SendStreamingMessage, false, false)]
    [InlineData(A2AOperationKind.SendMessage, true, true)]
    [InlineData(A2AOperationKind.ListTasks, false, true)]
    [InlineData(A2AOperationKind.GetExtendedAgentCard, false, true)]
    [InlineData(A2AOperationKind.CreateTaskPushNotificationConfig, false, false)]
    [InlineData(A2AOperationKind.GetTaskPushNotificationConfig, false, true)]
    [InlineData(A2AOperationKind.ListTaskPushNotificationConfigs, false, true)]
    [InlineData(A2AOperationKind.DeleteTaskPushNotificationConfig, false, true)]
    [InlineData(A2AOperationKind.HealthCheck, false, false)]
    public void ShouldRetry_InternalErrorAfterProcessing_OnlyIdempotentOrOptedIn(A2AOperationKind operation, bool allowRetry, bool expected)
    {
        var failure = Rpc(A2AErrorCode.InternalError, HttpStatusCode.OK);

        A2AResiliencePredicates.ShouldRetry(failure, new A2ACallInfo(operation, allowRetry)).Should().Be(expected);
    }

    [Fact]
    public void ShouldRetry_SendRejectedWith503_Retried() =>
        A2AResiliencePredicates.ShouldRetry(Http(HttpStatusCode.ServiceUnavailable), new A2ACallInfo(A2AOperationKind.SendMessage, false)).Should().BeTrue();

    [Fact]
    public void ShouldRetry_PushConfigCreateRejectedWith503_Retried() =>
        A2AResiliencePredicates.ShouldRetry(Http(HttpStatusCode.ServiceUnavailable), new A2ACallInfo(A2AOperationKind.CreateTaskPushNotificationConfig, false)).Should().BeTrue();

    [Fact]
    public void ShouldRetry_PermanentFailureEvenOptedIn_NotRetried() =>
        A2AResiliencePredicates.ShouldRetry(Rpc(A2AErrorCode.TaskNotFound, HttpStatusCode.OK), new A2ACallInfo(A2AOperationKind.SendMessage, true)).Should().BeFalse();

    private static A2AException Http(HttpStatusCode status) => new("h", A2AErrorKind.Http) { StatusCode = status };

    private static A2AException Rpc(A2AErrorCode code, HttpStatusCode status) => new("r", A2AErrorKind.JsonRpc) { ErrorCode = code, StatusCode = status };
}
