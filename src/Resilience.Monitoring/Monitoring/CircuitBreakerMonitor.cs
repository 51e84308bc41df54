using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Resilience.CircuitBreaking;
using Resilience.Internal;
using Resilience.Monitoring.Internal;

namespace Resilience.Monitoring;

/// <summary>
/// Watches circuit breakers: keeps a bounded ring of each breaker's recent transitions, builds the dashboard
/// snapshot (with a 0-100 health score per breaker) and raises de-duplicated alerts to pluggable sinks.
/// </summary>
/// <remarks>
/// <para>A breaker's transition reaches the monitor through a bounded channel: the breaker's thread only writes
/// to it and never waits. When the channel is full the oldest event is dropped and counted in
/// <see cref="DroppedEvents"/> (and in the <c>resilience.monitor.events.dropped</c> counter); the dashboard's
/// state, counts and last change come from the breakers themselves, so a drop only shortens the ring.</para>
/// <para><see cref="RunAsync"/> is the background consumer (the hosted service of <c>Resilience.HealthChecks</c>
/// runs it): it applies queued transitions and evaluates the alert rules every
/// <see cref="CircuitMonitorOptions.EvaluationInterval"/>. All members are thread-safe.</para>
/// </remarks>
public sealed partial class CircuitBreakerMonitor : IDisposable
{
    private readonly ConcurrentDictionary<string, MonitoredEntry> _entries = new(StringComparer.Ordinal);
    private readonly Channel<CircuitStateChange> _channel;
    private readonly CircuitMonitorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IAlertSink[] _sinks;
    private readonly ILogger _logger;
    private readonly AlertDeduplicator _deduplicator = new();
    private readonly Action<CircuitStateChange> _post;
    private long _droppedEvents;

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerMonitor"/> class.</summary>
    /// <param name="options">Thresholds and sizes; a copy is taken, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock of snapshots and alert rules.</param>
    /// <param name="sinks">Where alerts go.</param>
    /// <param name="logger">The logger for sink failures and dropped events, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="logger"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the message names the option and its value.</exception>
    public CircuitBreakerMonitor(CircuitMonitorOptions options, TimeProvider timeProvider, IEnumerable<IAlertSink> sinks, ILogger<CircuitBreakerMonitor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(sinks);
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        _options = Copy(options);
        _timeProvider = timeProvider;
        _sinks = [.. sinks];
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _channel = Channel.CreateBounded<CircuitStateChange>(
            new BoundedChannelOptions(_options.ChannelCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = false,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            },
            _ => OnDropped());
        _post = Post;
    }

    /// <summary>Gets how many transitions were dropped because the channel was full.</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Gets the names of the monitored breakers.</summary>
    public IEnumerable<string> MonitoredNames => _entries.Keys;

    /// <summary>Stops monitoring a breaker: unsubscribes from it and forgets its ring and alerts.</summary>
    /// <param name="name">The breaker's name.</param>
    /// <returns><see langword="true"/> when the breaker was monitored.</returns>
    public bool Untrack(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_entries.TryRemove(name, out var entry))
        {
            return false;
        }

        entry.Subscription.Dispose();
        _deduplicator.Forget(name);
        return true;
    }

    /// <summary>Takes a dashboard snapshot after applying the transitions waiting in the channel.</summary>
    /// <returns>The snapshot.</returns>
    public DashboardSnapshot GetDashboard()
    {
        DrainPending();
        var now = _timeProvider.GetUtcNow();
        var rows = new List<CircuitBreakerStatus>(_entries.Count);
        int closed = 0, open = 0, halfOpen = 0, isolated = 0;
        foreach (var entry in _entries.Values)
        {
            var status = entry.ToStatus();
            rows.Add(status);
            switch (status.State)
            {
                case CircuitState.Closed: closed++; break;
                case CircuitState.Open: open++; break;
                case CircuitState.HalfOpen: halfOpen++; break;
                default: isolated++; break;
            }
        }

        rows.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var alerts = new List<CircuitAlert>();
        foreach (var row in rows)
        {
            AlertRules.Evaluate(row, now, _options, alerts);
        }

        return new DashboardSnapshot
        {
            Timestamp = now,
            Summary = new DashboardSummary(rows.Count, closed, open, halfOpen, isolated),
            Breakers = rows,
            DroppedEvents = DroppedEvents,
            Alerts = alerts,
        };
    }

    /// <summary>Evaluates the alert rules for every breaker now and sends the alerts not sent within the de-duplication window.</summary>
    /// <param name="cancellationToken">Cancels the sending.</param>
    /// <returns>The alerts that were sent.</returns>
    public async ValueTask<IReadOnlyList<CircuitAlert>> EvaluateAlertsAsync(CancellationToken cancellationToken = default)
    {
        var alerts = new List<CircuitAlert>(GetDashboard().Alerts);
        alerts.RemoveAll(alert => !_deduplicator.TryReserve(alert, _options.DeduplicationWindow));
        foreach (var alert in alerts)
        {
            await SendAsync(alert, cancellationToken).ConfigureAwait(false);
        }

        return alerts;
    }

    /// <summary>
    /// Runs the background consumer until <paramref name="cancellationToken"/> is cancelled: applies transitions as they
    /// arrive (evaluating the alert rules after each batch) and evaluates every breaker each <see cref="CircuitMonitorOptions.EvaluationInterval"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops the consumer.</param>
    /// <returns>A task that completes when the consumer stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var consume = ConsumeAsync(cancellationToken);
        var evaluate = EvaluatePeriodicallyAsync(cancellationToken);
        try
        {
            await Task.WhenAll(consume, evaluate).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    /// <summary>Completes the channel and unsubscribes from every breaker.</summary>
    public void Dispose()
    {
        StopWatching();
        _channel.Writer.TryComplete();
        foreach (var name in _entries.Keys)
        {
            Untrack(name);
        }
    }

    /// <summary>Starts monitoring a breaker (idempotent per name: a second breaker with the same name replaces nothing).</summary>
    internal bool Track(IMonitoredCircuit circuit)
    {
        var entry = new MonitoredEntry(circuit, _options.RecentChangesCapacity);
        if (!_entries.TryAdd(circuit.Name, entry))
        {
            return false;
        }

        // Subscribe after publishing the entry, so no transition is lost between the two.
        entry.Subscription = circuit.Subscribe(_post);
        return true;
    }

    /// <summary>Stops monitoring <paramref name="circuit"/> only if it is the one monitored under its name (a newer breaker of the same name stays).</summary>
    internal bool Untrack(IMonitoredCircuit circuit)
    {
        if (!_entries.TryGetValue(circuit.Name, out var entry) || !ReferenceEquals(entry.Circuit, circuit)
            || !_entries.TryRemove(new KeyValuePair<string, MonitoredEntry>(circuit.Name, entry)))
        {
            return false;
        }

        entry.Subscription.Dispose();
        _deduplicator.Forget(circuit.Name);
        return true;
    }

    /// <summary>The breaker's side: never blocks, never throws.</summary>
    internal void Post(CircuitStateChange change) => _channel.Writer.TryWrite(change);

    /// <summary>Applies every transition waiting in the channel; returns how many were applied.</summary>
    internal int DrainPending()
    {
        var applied = 0;
        while (_channel.Reader.TryRead(out var change))
        {
            Apply(change);
            applied++;
        }

        return applied;
    }

    private static CircuitMonitorOptions Copy(CircuitMonitorOptions o) => new()
    {
        ChannelCapacity = o.ChannelCapacity,
        RecentChangesCapacity = o.RecentChangesCapacity,
        EvaluationInterval = o.EvaluationInterval,
        OpenTooLongThreshold = o.OpenTooLongThreshold,
        FlappingChangeThreshold = o.FlappingChangeThreshold,
        FlappingWindow = o.FlappingWindow,
        HighFailureRateSuccessThreshold = o.HighFailureRateSuccessThreshold,
        DeduplicationWindow = o.DeduplicationWindow,
    };

    private void Apply(CircuitStateChange change)
    {
        if (_entries.TryGetValue(change.Name, out var entry))
        {
            entry.Ring.Add(change);
        }
    }

    private void OnDropped()
    {
        var dropped = Interlocked.Increment(ref _droppedEvents);
        MonitoringMetrics.RecordMonitorEventDropped();

        // Log the first drop and then every power of two, so a storm does not flood the log.
        if ((dropped & (dropped - 1)) == 0)
        {
            MonitorLog.MonitorEventsDropped(_logger, dropped);
        }
    }
}
