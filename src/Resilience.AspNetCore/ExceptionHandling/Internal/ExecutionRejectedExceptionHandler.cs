using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Resilience.AspNetCore.ExceptionHandling.Internal;

/// <summary>
/// Turns an <see cref="ExecutionRejectedException"/> (an open circuit, a full bulkhead) that escaped a request into
/// 503 Service Unavailable with <c>Retry-After</c> and a ProblemDetails body. Other exceptions are left to the next handler.
/// </summary>
internal sealed class ExecutionRejectedExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var rejection = FindRejection(exception);
        if (rejection is null)
        {
            return false;
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = ExceptionHandlingConstants.ProblemType,
            Title = ExceptionHandlingConstants.ProblemTitle,
            Detail = ExceptionHandlingConstants.ProblemDetail,
        };
        if (ToRetryAfterSeconds(rejection.RetryAfter) is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            problem.Extensions[ExceptionHandlingConstants.RetryAfterExtension] = seconds;
        }

        var written = await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
        if (!written)
        {
            // The client accepts neither JSON nor problem+json: the status and Retry-After still say it all.
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(ExceptionHandlingConstants.ProblemDetail, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>The rejection itself or the first one among its inner exceptions (an adapter may wrap it).</summary>
    internal static ExecutionRejectedException? FindRejection(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < ExceptionHandlingConstants.MaxInnerDepth; depth++, exception = exception.InnerException)
        {
            if (exception is ExecutionRejectedException rejection)
            {
                return rejection;
            }
        }

        return null;
    }

    /// <summary>Whole seconds, rounded up so the client never comes back before the break ends; negative means now.</summary>
    internal static long? ToRetryAfterSeconds(TimeSpan? retryAfter) =>
        retryAfter is { } after ? (long)Math.Ceiling(Math.Max(0, after.TotalSeconds)) : null;
}
