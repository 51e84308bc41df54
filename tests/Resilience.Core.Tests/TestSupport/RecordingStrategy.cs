namespace Resilience.Core.Tests.TestSupport;

/// <summary>A custom stage (called through the virtual method) that logs "name:before" and "name:after" around the rest of the pipeline.</summary>
internal sealed class RecordingStrategy(string name, List<string> log) : ResilienceStrategy
{
    protected internal override async ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        log.Add($"{name}:before");
        var outcome = await callback(context, state);
        log.Add($"{name}:after");
        return outcome;
    }
}
