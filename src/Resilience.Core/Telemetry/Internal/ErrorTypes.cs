using System.Globalization;
using System.Runtime.CompilerServices;

namespace Resilience.Telemetry.Internal;

/// <summary>
/// The value of the OpenTelemetry <c>error.type</c> attribute of a failed outcome: the exception's full type name, the
/// status code of an HTTP response (<c>503</c>), the full type name of another result counted as a failure, or
/// <c>_OTHER</c> when nothing is known. Never a message (it could hold a URL or a token).
/// </summary>
/// <remarks>Allocation-free: type names are cached by the runtime and status codes come from a table built once.</remarks>
internal static class ErrorTypes
{
    /// <summary>The OpenTelemetry fallback value, for a failure recorded without an exception or a result.</summary>
    public const string Other = "_OTHER";

    /// <summary>A success the breaker counted as a failure because it took longer than its slow-call duration.</summary>
    public const string SlowCall = "slow_call";

    private const int StatusCodeCount = 1000;
    private static readonly string[] StatusCodes = CreateStatusCodes();

    /// <summary>Returns the error type of an exception.</summary>
    public static string Of(Exception? exception) => exception is null ? Other : exception.GetType().FullName ?? Other;

    /// <summary>Returns the error type of a failed outcome given as predicate arguments.</summary>
    public static string Of(in OutcomeArguments arguments) =>
        arguments.Exception is { } exception ? Of(exception) : OfResult(arguments.Result);

    /// <summary>Returns the error type of a failed outcome.</summary>
    public static string Of<TResult>(in Outcome<TResult> outcome) =>
        outcome.HasResult ? OfResult(outcome.Result) : Of(outcome.Exception);

    /// <summary>Returns the error type of a result counted as a failure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string OfResult<TResult>(TResult result)
    {
        // Perf: a value-type result is never boxed; its type is the static one.
        if (typeof(TResult).IsValueType)
        {
            return typeof(TResult).FullName ?? Other;
        }

        return OfObject(result);
    }

    private static string OfObject(object? result) => result switch
    {
        HttpResponseMessage response => StatusCode((int)response.StatusCode),
        null => Other,
        _ => result.GetType().FullName ?? Other,
    };

    private static string StatusCode(int code) => (uint)code < StatusCodeCount ? StatusCodes[code] : Other;

    private static string[] CreateStatusCodes()
    {
        var codes = new string[StatusCodeCount];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return codes;
    }
}
