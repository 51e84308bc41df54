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
/// </remarks>
public readonly struct Outcome<TResult>
{
    private readonly TResult? _result;
    private readonly ExceptionDispatchInfo? _exception;
    private readonly IRejectionSource? _rejection;
    private readonly TimeSpan _retryAfter;

    internal Outcome(TResult result)
    {
        _result = result;
    }

    internal Outcome(ExceptionDispatchInfo exception)
    {
        _exception = exception;
    }

    internal Outcome(IRejectionSource rejection, TimeSpan retryAfter)
    {
        _rejection = rejection;
        _retryAfter = retryAfter;
    }

    /// <summary>Gets the operation's result; the default value when the outcome holds an exception or a rejection.</summary>
    public TResult? Result => _result;

    /// <summary>Gets the exception, or <see langword="null"/> when the operation produced a result.</summary>
    /// <remarks>For a rejection, each read creates a new exception instance.</remarks>
    public Exception? Exception => _exception?.SourceException ?? _rejection?.CreateRejectedException(_retryAfter);

    /// <summary>Gets a value indicating whether the operation ran to completion and produced a result.</summary>
    /// <remarks>A result can still be a failure by a caller's rule (for example an HTTP 503 response).</remarks>
    public bool HasResult => _exception is null && _rejection is null;

    /// <summary>Gets a value indicating whether the library refused to run the operation.</summary>
    public bool IsRejected => _rejection is not null || _exception?.SourceException is ExecutionRejectedException;

    /// <summary>Gets how long to wait before trying again, when this outcome is a rejection that knows it.</summary>
    /// <remarks>A rejection source passes <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> when it does not know; that reads as <see langword="null"/>.</remarks>
    public TimeSpan? RetryAfter => _rejection is not null
        ? (_retryAfter == System.Threading.Timeout.InfiniteTimeSpan ? null : _retryAfter)
        : (_exception?.SourceException as ExecutionRejectedException)?.RetryAfter;

    /// <summary>Gets the captured exception with its original stack trace, if any.</summary>
    internal ExceptionDispatchInfo? ExceptionDispatchInfo => _exception;

    /// <summary>Throws the outcome's exception, with its original stack trace, when it has one.</summary>
    public void ThrowIfException()
    {
        if (_exception is not null)
        {
            _exception.Throw();
        }

        if (_rejection is not null)
        {
            throw _rejection.CreateRejectedException(_retryAfter);
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
