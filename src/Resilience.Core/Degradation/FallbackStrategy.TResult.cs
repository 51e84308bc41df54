using System.Runtime.CompilerServices;
using Resilience.Degradation.Internal;
using Resilience.Internal;

namespace Resilience.Degradation;

/// <summary>
/// Runs the primary operation and, when it fails in a way the options handle, runs the fallback action instead.
/// Use it as a pipeline stage (<c>AddFallback</c>) or on its own through <see cref="ExecuteAsync"/>.
/// </summary>
/// <typeparam name="TResult">The type of the result the fallback produces.</typeparam>
/// <remarks>
/// <para>By default every failure is handled, including a rejection: an open circuit inside this stage reaches
/// the fallback as a rejected outcome and costs no exception throw. Calls whose result type is not
/// <typeparamref name="TResult"/> pass through untouched.</para>
/// <para>When the fallback itself fails, the outcome is a <see cref="FallbackFailedException"/> that carries
/// both exceptions; a cancellation by the caller propagates as it is.</para>
/// <para>The success path allocates nothing.</para>
/// </remarks>
public sealed class FallbackStrategy<TResult> : ResilienceStrategy
{
    private readonly Func<OutcomeArguments, bool>? _shouldHandle;
    private readonly Func<FallbackArguments<TResult>, ValueTask<TResult>> _fallbackAction;
    private readonly Func<FallbackArguments<TResult>, ValueTask>? _onFallback;
    private readonly ResiliencePipeline _self;
    private readonly FallbackOptions<TResult> _options;

    /// <summary>Initializes a new instance of the <see cref="FallbackStrategy{TResult}"/> class.</summary>
    /// <param name="options">The options; they are copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="FallbackOptions{TResult}.FallbackAction"/> is <see langword="null"/>.</exception>
    public FallbackStrategy(FallbackOptions<TResult> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(options, nameof(options));
        _options = options;
        _fallbackAction = options.FallbackAction!;
        _shouldHandle = options.ShouldHandle;
        _onFallback = options.OnFallback;
        _self = ResiliencePipeline.ForStage(this);
    }

    /// <summary>Gets the <see cref="FallbackOptions{TResult}"/> the stage was built from.</summary>
    public override object? Options => _options;

    /// <summary>Runs <paramref name="operation"/> with this fallback, outside a pipeline.</summary>
    /// <param name="operation">The primary operation.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The primary's result, or the fallback's when the primary failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="FallbackFailedException">The primary failed and so did the fallback.</exception>
    public ValueTask<TResult> ExecuteAsync(Func<CancellationToken, ValueTask<TResult>> operation, CancellationToken cancellationToken = default) =>
        _self.ExecuteAsync(operation, cancellationToken);

    /// <inheritdoc/>
    protected internal override ValueTask<Outcome<TR>> ExecuteCoreAsync<TR, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TR>>> callback,
        ResilienceContext context,
        TState state) =>
        ExecuteStageAsync(callback, context, state);

    /// <summary>The stage's work, non-virtual so a pipeline calls it directly (see <see cref="Resilience.Internal.StageDispatcher"/>).</summary>
    internal ValueTask<Outcome<TR>> ExecuteStageAsync<TR, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TR>>> callback,
        ResilienceContext context,
        TState state)
    {
        var pending = callback(context, state);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitThenHandleAsync(pending, context);
        }

        // Perf: a primary that completed synchronously and needs no fallback costs no state machine.
        var outcome = pending.Result;
        return typeof(TR) != typeof(TResult) || !DegradationPredicates.ShouldHandle(_shouldHandle, outcome, context)
            ? new ValueTask<Outcome<TR>>(outcome)
            : FallBackAsync(outcome, context);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<TR>> AwaitThenHandleAsync<TR>(ValueTask<Outcome<TR>> pending, ResilienceContext context)
    {
        var outcome = await pending.ConfigureAwait(false);
        return typeof(TR) != typeof(TResult) || !DegradationPredicates.ShouldHandle(_shouldHandle, outcome, context)
            ? outcome
            : await FallBackAsync(outcome, context).ConfigureAwait(false);
    }

    private async ValueTask<Outcome<TR>> FallBackAsync<TR>(Outcome<TR> outcome, ResilienceContext context)
    {
        // The callers checked that TR is TResult, so the reinterpretation is exact; the JIT folds it away for value types.
        var fallback = await RunFallbackAsync(Unsafe.As<Outcome<TR>, Outcome<TResult>>(ref outcome), context).ConfigureAwait(false);
        return Unsafe.As<Outcome<TResult>, Outcome<TR>>(ref fallback);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<Outcome<TResult>> RunFallbackAsync(Outcome<TResult> primary, ResilienceContext context)
    {
        var args = new FallbackArguments<TResult>(primary, context);
        try
        {
            if (_onFallback is not null)
            {
                await _onFallback(args).ConfigureAwait(false);
            }

            return Outcome.FromResult(await _fallbackAction(args).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // The fallback's failure becomes an outcome that carries both failures.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // A cancellation by the caller is not a failure of the fallback: it travels as it is.
            return ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested
                ? Outcome.FromException<TResult>(ex)
                : Outcome.FromException<TResult>(new FallbackFailedException(primary.Exception, ex));
        }
    }
}
