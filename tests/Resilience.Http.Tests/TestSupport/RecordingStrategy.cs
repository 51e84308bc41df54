namespace Resilience.Http.Tests.TestSupport;

/// <summary>Records what each attempt saw and how the HTTP predicates classified its outcome.</summary>
public sealed class RecordingStrategy : ResilienceStrategy
{
    private readonly List<string?> _operationTypes = [];
    private readonly List<bool> _failures = [];

    public IReadOnlyList<string?> OperationTypes => _operationTypes;

    public IReadOnlyList<bool> Failures => _failures;

    public List<bool> RetryAllowed { get; } = [];

    protected override async ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        _operationTypes.Add(context.OperationType);
        RetryAllowed.Add(HttpResilienceProperties.IsRetryAllowed(context));
        var outcome = await callback(context, state);
        _failures.Add(HttpResiliencePredicates.IsTransientFailure(OutcomeArguments.From(outcome, context)));
        return outcome;
    }
}
