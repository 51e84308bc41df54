namespace Resilience.CircuitBreaking.Internal;

/// <summary>Decides whether an outcome is a success, a failure or not counted, by the breaker's settings.</summary>
internal static class OutcomeClassifier
{
    public static OutcomeKind ForResult<TResult>(CircuitBreakerSettings settings, TResult result, ResilienceContext? context, CancellationToken cancellationToken)
    {
        // Perf: without a predicate results never count, and nothing is boxed or built.
        var predicate = settings.ShouldHandle;
        if (predicate is null)
        {
            return OutcomeKind.Success;
        }

        return Evaluate(predicate, null, result, context, cancellationToken) ? OutcomeKind.Failure : OutcomeKind.Success;
    }

    public static OutcomeKind ForException(CircuitBreakerSettings settings, Exception exception, ResilienceContext? context, CancellationToken cancellationToken)
    {
        // The caller gave up: that says nothing about the service.
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return OutcomeKind.Ignored;
        }

        if (settings.IsExcluded(exception))
        {
            return OutcomeKind.Ignored;
        }

        var predicate = settings.ShouldHandle;
        if (predicate is null)
        {
            return OutcomeKind.Failure;
        }

        return Evaluate(predicate, exception, null, context, cancellationToken) ? OutcomeKind.Failure : OutcomeKind.Success;
    }

    public static OutcomeKind ForOutcome<TResult>(CircuitBreakerSettings settings, in Outcome<TResult> outcome, ResilienceContext context)
    {
        if (outcome.ExceptionDispatchInfo is { } exception)
        {
            return ForException(settings, exception.SourceException, context, context.CancellationToken);
        }

        // A rejection by an inner stage (it never creates its exception here): the operation did not run.
        return outcome.HasResult
            ? ForResult(settings, outcome.Result, context, context.CancellationToken)
            : OutcomeKind.Ignored;
    }

    private static bool Evaluate(Func<OutcomeArguments, bool> predicate, Exception? exception, object? result, ResilienceContext? context, CancellationToken cancellationToken)
    {
        if (context is not null)
        {
            return predicate(new OutcomeArguments(exception, result, context));
        }

        // Direct calls have no pipeline context: lend the predicate a pooled one.
        var rented = ResilienceContext.Get(cancellationToken);
        try
        {
            return predicate(new OutcomeArguments(exception, result, rented));
        }
        finally
        {
            ResilienceContext.Return(rented);
        }
    }
}
