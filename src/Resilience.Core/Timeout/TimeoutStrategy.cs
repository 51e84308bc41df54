namespace Resilience.Timeout;

/// <summary>
/// A pipeline stage that runs the rest of the pipeline under a timeout from a <see cref="TimeoutManager"/>. Add it with
/// <c>AddTimeout</c>.
/// </summary>
/// <remarks>
/// <para>The timeout is, in order of precedence: the stage's fixed timeout; the timeout of the call's
/// <see cref="ResilienceContext.OperationType"/>; the timeout of the stage's operation type; <c>standard_request</c>.</para>
/// <para>A timeout becomes a <see cref="TimeoutRejectedException"/> outcome; the caller's own cancellation stays an
/// <see cref="OperationCanceledException"/>. Inner stages see a token that fires at the deadline. Thread-safe; the success
/// path allocates nothing.</para>
/// </remarks>
public sealed class TimeoutStrategy : ResilienceStrategy
{
    private readonly TimeoutManager _manager;
    private readonly string _name;
    private readonly string _operationType;
    private readonly TimeSpan _stageTimeout;
    private readonly long _stageTimeoutUnits;
    private readonly bool _fixed;

    /// <summary>Initializes a new instance of the <see cref="TimeoutStrategy"/> class.</summary>
    /// <param name="manager">The manager that owns the timeouts and the timer wheel.</param>
    /// <param name="operationType">The stage's operation type; <see langword="null"/> for <c>standard_request</c>.</param>
    /// <param name="timeout">A fixed timeout overriding every operation type; <see langword="null"/> to use the operation types;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no timeout.</param>
    /// <exception cref="ArgumentNullException"><paramref name="manager"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is neither positive nor infinite.</exception>
    public TimeoutStrategy(TimeoutManager manager, string? operationType = null, TimeSpan? timeout = null)
        : this(manager, operationType, timeout, pipelineName: null, ownsManager: false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TimeoutStrategy"/> class whose telemetry carries its pipeline's name.</summary>
    internal TimeoutStrategy(TimeoutManager manager, string? operationType, TimeSpan? timeout, string? pipelineName, bool ownsManager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        _manager = manager;
        _name = string.IsNullOrEmpty(pipelineName) ? manager.Name : pipelineName;
        OwnsManager = ownsManager;
        _operationType = operationType ?? OperationTypes.StandardRequest;
        _stageTimeout = manager.GetTimeout(_operationType, timeout);
        _stageTimeoutUnits = manager.Wheel.ToUnits(_stageTimeout);
        _fixed = timeout is not null;
    }

    /// <summary>Gets the timeout of a call that names no other <see cref="ResilienceContext.OperationType"/>: the stage's fixed
    /// timeout, else its operation type's timeout in the manager; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout => _stageTimeout;

    /// <summary>Gets the <see cref="TimeoutOptions"/> of the stage's <see cref="TimeoutManager"/>.</summary>
    public override object? Options => _manager.Options;

    /// <summary>Gets the manager whose wheel times this stage's calls.</summary>
    internal TimeoutManager Manager => _manager;

    /// <summary>Gets a value indicating whether the stage's pipeline created the manager, and so releases it (see <see cref="ResiliencePipeline.Dispose"/>).</summary>
    internal bool OwnsManager { get; }

    /// <inheritdoc/>
    protected internal override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        ExecuteStageAsync(callback, context, state);

    /// <summary>The stage's work, non-virtual so a pipeline calls it directly (see <see cref="Resilience.Internal.StageDispatcher"/>).</summary>
    internal ValueTask<Outcome<TResult>> ExecuteStageAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        // Perf: the stage's own timeout is resolved (and converted) once; only a per-call operation type costs a lookup.
        if (_fixed || context.OperationType is null)
        {
            return _manager.ExecuteCoreAsync(_name, _operationType, _stageTimeout, _stageTimeoutUnits, callback, context, state);
        }

        var operationType = context.OperationType;
        return _manager.ExecuteCoreAsync(_name, operationType, _manager.GetTimeout(operationType), callback, context, state);
    }
}
