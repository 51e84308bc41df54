namespace Resilience.AspNetCore.ExceptionHandling.Internal;

/// <summary>The fixed texts of the 503 response; deliberately free of breaker names and exception messages.</summary>
internal static class ExceptionHandlingConstants
{
    public const string ProblemType = "https://tools.ietf.org/html/rfc9110#section-15.6.4";
    public const string ProblemTitle = "Service Unavailable";
    public const string ProblemDetail = "A service this request depends on is temporarily unavailable, so the request was not attempted. Retry later.";
    public const string RetryAfterExtension = "retryAfterSeconds";
    public const int MaxInnerDepth = 8;
}
