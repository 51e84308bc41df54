using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Resilience;

/// <summary>
/// The result of an operation run through the library: either a result or an exception, or a rejection
/// (the operation never ran). Inside the library failures travel as values; they are thrown only at the
/// public edge, so deciding on a failure costs no exception throw.
/// </summary>
/// <typeparam name="TResult">The type of the operation's result.</typeparam>
/// <remarks>
/// <para>A rejection (an open circuit, a full bulkhead) is carried without allocating: its exception is created
/// only when <see cref="Exception"/> is read or <see cref="ThrowIfException"/> is called, and a new instance is
/// created on each such call.</para>
/// <para>Perf: an exception and a rejection share one field (the type of what it holds tells them apart), so an
/// <c>Outcome&lt;int&gt;</c> is 24 bytes instead of 32; every stage copies its outcome at least once per call.</para>
/// </remarks>
public readonly struct Outcome<TResult>
{
    private readonly TResult? _result;

    // Null for a result; an ExceptionDispatchInfo (a sealed type, so no rejection source is one) or an IRejectionSource.
    private readonly object? _failure;
    private readonly TimeSpan _retryAfter;

    internal Outcome(TResult result)
    {
        _result = result;
    }

    internal Outcome(ExceptionDispatchInfo exception)
    {
        _failure = exception;
    }

    internal Outcome(IRejectionSource rejection, TimeSpan retryAfter)
    {
        _failure = rejection;
        _retryAfter = retryAfter;
    }

    private ExceptionDispatchInfo? CapturedException => _failure as ExceptionDispatchInfo;

    // Perf: whatever is not an ExceptionDispatchInfo is a rejection source, so a sealed-type check (one method-table
    // comparison) tells them apart instead of an interface cast.
    private IRejectionSource? Rejection => _failure is not null && CapturedException is null ? Unsafe.As<IRejectionSource>(_failure) : null;

    /// <summary>Gets the operation's result; the default value when the outcome holds an exception or a rejection.</summary>
    public TResult? Result => _result;

    /// <summary>Gets the exception, or <see langword="null"/> when the operation produced a result.</summary>
    /// <remarks>For a rejection, each read creates a new exception instance.</remarks>
    public Exception? Exception => CapturedException?.SourceException ?? Rejection?.CreateRejectedException(_retryAfter);

    /// <summary>Gets a value indicating whether the operation ran to completion and produced a result.</summary>
    /// <remarks>A result can still be a failure by a caller's rule (for example an HTTP 503 response).</remarks>
    public bool HasResult => _failure is null;

    /// <summary>Gets a value indicating whether the library refused to run the operation.</summary>
    public bool IsRejected => Rejection is not null || CapturedException?.SourceException is ExecutionRejectedException;

    /// <summary>Gets how long to wait before trying again, when this outcome is a rejection that knows it.</summary>
    /// <remarks>A rejection source passes <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> when it does not know; that reads as <see langword="null"/>.</remarks>
    public TimeSpan? RetryAfter => Rejection is not null
        ? (_retryAfter == System.Threading.Timeout.InfiniteTimeSpan ? null : _retryAfter)
        : (CapturedException?.SourceException as ExecutionRejectedException)?.RetryAfter;

    /// <summary>Gets the captured exception with its original stack trace, if any.</summary>
    internal ExceptionDispatchInfo? ExceptionDispatchInfo => CapturedException;

    /// <summary>Throws the outcome's exception, with its original stack trace, when it has one.</summary>
    public void ThrowIfException()
    {
        CapturedException?.Throw();
        if (Rejection is { } rejection)
        {
            throw rejection.CreateRejectedException(_retryAfter);
        }
    }

    /// <summary>Returns the result, or throws the outcome's exception with its original stack trace.</summary>
    /// <returns>The operation's result.</returns>
    public TResult GetResultOrThrow()
    {
        ThrowIfException();
        return _result!;
    }

    /// <inheritdoc/>
    public override string ToString() => HasResult ? $"Result: {_result}" : $"Exception: {Exception?.GetType().Name}";
}
