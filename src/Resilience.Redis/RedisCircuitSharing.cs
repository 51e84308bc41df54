using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Resilience.CircuitBreaking;
using Resilience.Internal;
using Resilience.Redis.Internal;
using StackExchange.Redis;

namespace Resilience.Redis;

/// <summary>
/// Shares the state of this instance's circuit breakers with the other instances of a service through Redis,
/// and applies the fleet's quorum decisions to the local breakers.
/// </summary>
/// <remarks>
/// <para>Nothing here is on the call path: calls go through the local breaker exactly as without sharing.
/// A background loop reports each shared breaker's window (calls, failures, local state) every
/// <see cref="RedisCircuitSharingOptions.ReportInterval"/>, reads the shared decision, holds local breakers open
/// while the shared circuit is open, and takes half-open probe leases for them. Pub/sub wakes the loop as
/// soon as any instance changes a shared circuit, so every instance learns within about one round trip.</para>
/// <para>Redis is a dependency like any other: when it is slow or unreachable every shared breaker falls back
/// to its local decision at once (logged once, <see cref="IsSharedStateAvailable"/> turns <see langword="false"/>)
/// and rejoins when Redis answers again. See docs/distributed.md for the quorum rule and failure modes.</para>
/// </remarks>
public sealed partial class RedisCircuitSharing : IAsyncDisposable
{
    private readonly IConnectionMultiplexer _connection;
    private readonly RedisCircuitSharingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SharedCircuitProtocol _protocol;
    private readonly BoundedCommands _commands;
    private readonly ConcurrentQueue<SharedCircuitAgent> _withdrawals = new();
    private readonly CircuitBreaking.CircuitBreaker _redisBreaker;
    private readonly ConcurrentDictionary<string, SharedCircuitAgent> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SharedCircuitAgent> _fromRegistries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _tickLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Meter _meter;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _callbackErrors;
    private readonly RedisChannel _channel;
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private TaskCompletionSource _wakeSignal = NewSignal();
    private Task _loop = Task.CompletedTask;
    private int _available;
    private int _disposed;
    private int _subscribed;
    private bool _fellBack;

    /// <summary>Initializes a new instance of the <see cref="RedisCircuitSharing"/> class and starts its background loop.</summary>
    /// <param name="connection">The Redis connection. Configure it with <c>AbortOnConnectFail=false</c> (see docs/distributed.md); it is not disposed here.</param>
    /// <param name="options">The options; a copy is taken.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the message names each bad option and value.</exception>
    public RedisCircuitSharing(
        IConnectionMultiplexer connection,
        RedisCircuitSharingOptions options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _options = OptionsValidation.ValidatedCopy(options);
        _connection = connection;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedisCircuitSharing>();
        InstanceId = _options.InstanceId!;
        _commands = new BoundedCommands(_options.RedisTimeout, _timeProvider);
        _protocol = new SharedCircuitProtocol(connection.GetDatabase(), _options, InstanceId, InstanceIdentity.NewNonce(), _commands);
        _redisBreaker = new CircuitBreaking.CircuitBreaker(
            _options.KeyPrefix + ":redis",
            new CircuitBreakerOptions
            {
                // One failed or slow round is enough: fall back to local breakers at once, retry Redis after the interval.
                // The interval may be shorter than a configured break can be (0.5 s), so the generator sets it exactly.
                FailureThreshold = 1,
                BreakDurationGenerator = _ => _options.RedisRetryInterval,
                HalfOpenMaxCalls = 1,
            },
            _timeProvider);
        _available = connection.IsConnected ? 1 : 0;

        _meter = PackageMeter.Create(RedisCircuitSharingConstants.MeterName, typeof(RedisCircuitSharing).Assembly);
        _meter.CreateObservableGauge(
            RedisCircuitSharingConstants.AvailableInstrument,
            () => new Measurement<int>(Volatile.Read(ref _available), new KeyValuePair<string, object?>("instance", InstanceId)),
            unit: "1",
            description: "1 while this instance shares breaker state through Redis, 0 while it decides locally.");
        _fallbacks = _meter.CreateCounter<long>(
            RedisCircuitSharingConstants.FallbacksInstrument,
            unit: "{fallback}",
            description: "Times this instance fell back to local breakers because Redis was slow or unreachable.");

        _callbackErrors = _meter.CreateCounter<long>(
            RedisCircuitSharingConstants.CallbackErrorsInstrument,
            unit: "{error}",
            description: "Exceptions of user callbacks (the ShareAll filter) this instance absorbed; each is counted, the first of a run logged.");

        _channel = RedisKeys.Channel(_options.KeyPrefix);
        _onMessage = (_, _) => Wake();
        connection.ConnectionFailed += OnConnectionFailed;
        connection.ConnectionRestored += OnConnectionRestored;
        _ = SubscribeAsync();
        _loop = RunAsync(_stopping.Token);
    }

    /// <summary>Gets this instance's id in the shared reports: one voter per id.</summary>
    /// <value><see cref="RedisCircuitSharingOptions.InstanceId"/>, or by default <c>{machine name}/{entry assembly name}</c>,
    /// which survives restarts so a restarted process takes over its predecessor's vote.</value>
    public string InstanceId { get; }

    /// <summary>Gets a value indicating whether the shared state is in use; <see langword="false"/> while every breaker decides locally because Redis is slow or down.</summary>
    public bool IsSharedStateAvailable => Volatile.Read(ref _available) == 1;

    /// <summary>Gets the breaker that guards this instance's Redis calls.</summary>
    internal CircuitBreaking.CircuitBreaker RedisBreaker => _redisBreaker;

    /// <summary>Gets the meter of this instance (for tests).</summary>
    internal Meter Meter => _meter;

    /// <summary>Gets the number of attached breakers.</summary>
    internal int Count => _agents.Count;

    /// <summary>Gets the attached breakers' agents.</summary>
    internal ICollection<SharedCircuitAgent> Agents => _agents.Values;

    /// <summary>Gets the bound on Redis commands (counts abandoned commands, for tests).</summary>
    internal BoundedCommands Commands => _commands;

    /// <summary>Shares <paramref name="breaker"/>'s state with the other instances (opt-in, per breaker).</summary>
    /// <param name="breaker">The local breaker. Its name is the shared key: give it the same name on every instance.</param>
    /// <returns>The attachment; dispose it to detach the breaker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="breaker"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The breaker's name is longer than 256 characters or contains braces, spaces or control characters.</exception>
    /// <exception cref="InvalidOperationException">A breaker of that name is already attached, or <see cref="RedisCircuitSharingOptions.MaxBreakers"/> are.</exception>
    /// <exception cref="ObjectDisposedException">This instance is disposed.</exception>
    /// <remarks>
    /// The thresholds of the fleet's decision are the breaker's own <see cref="CircuitBreaking.CircuitBreakerOptions.FailureRatio"/>,
    /// <see cref="CircuitBreaking.CircuitBreakerOptions.MinimumThroughput"/>, <see cref="CircuitBreaking.CircuitBreakerOptions.BreakDuration"/>,
    /// <see cref="CircuitBreaking.CircuitBreakerOptions.HalfOpenMaxCalls"/> (probes for the whole fleet) and
    /// <see cref="CircuitBreaking.CircuitBreakerOptions.SuccessThreshold"/>. Calls through the breaker are unaffected.
    /// </remarks>
    public SharedCircuit Attach(CircuitBreaking.CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        return Attach(new BreakerLocalCircuit(breaker));
    }

    /// <summary>Attaches a local breaker (through its adapter) to the shared layer.</summary>
    internal SharedCircuit Attach(ILocalCircuit local)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        OptionsValidation.ValidateName(local.Name);
        if (_agents.Count >= _options.MaxBreakers)
        {
            throw new InvalidOperationException($"This instance already shares {_options.MaxBreakers} breakers (RedisCircuitSharingOptions.MaxBreakers).");
        }

        var agent = NewAgent(local);
        if (!_agents.TryAdd(local.Name, agent))
        {
            throw new InvalidOperationException($"A breaker named '{local.Name}' is already shared by this instance.");
        }

        if (!IsSharedStateAvailable)
        {
            agent.GoLocal();
        }

        Wake();
        return new SharedCircuit(this, agent);
    }

    /// <summary>
    /// Stops the background loop, withdraws this instance's reports (so it stops voting at once) and hands every
    /// breaker back to its local decision. Never throws; waits for Redis at most the Redis timeout.
    /// </summary>
    /// <returns>A task that completes when the loop has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _connection.ConnectionFailed -= OnConnectionFailed;
        _connection.ConnectionRestored -= OnConnectionRestored;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Quietly(_loop).ConfigureAwait(false);
        await Quietly(UnsubscribeAsync()).ConfigureAwait(false);

        await _tickLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var withdrawals = new List<Task>();
            foreach (var agent in _agents.Values)
            {
                Quietly(agent.Detach);
                _withdrawals.Enqueue(agent);
            }

            _agents.Clear();
            while (_withdrawals.TryDequeue(out var agent))
            {
                withdrawals.Add(_protocol.WithdrawAsync(agent.Keys));
            }

            // In parallel, so disposal waits for a dead Redis at most one Redis timeout.
            await Quietly(Task.WhenAll(withdrawals)).ConfigureAwait(false);
        }
        finally
        {
            _tickLock.Release();
        }

        _meter.Dispose();
        _stopping.Dispose();
    }

    internal void Detach(SharedCircuitAgent agent)
    {
        // Rare management call: wait for a running round to finish so it cannot hold the breaker after this.
        _tickLock.Wait();
        try
        {
            if (_agents.TryRemove(new KeyValuePair<string, SharedCircuitAgent>(agent.Name, agent)))
            {
                Detach_NeedsLock(agent);
                Wake();
            }
        }
        finally
        {
            _tickLock.Release();
        }
    }

    /// <summary>Asks the background loop to run a round now (pub/sub message, probe outcome, new breaker).</summary>
    internal void Wake() => Volatile.Read(ref _wakeSignal).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Disposal never throws: a dead Redis or a failed last round must not fail the host's shutdown.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static void Quietly(Action action)
    {
        try
        {
            action();
        }
#pragma warning disable CA1031 // Disposal never throws (a breaker's state-change handlers are already isolated by the breaker).
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task UnsubscribeAsync() =>
        await _commands.WaitAsync(_connection.GetSubscriber().UnsubscribeAsync(_channel, _onMessage)).ConfigureAwait(false);

    private SharedCircuitAgent NewAgent(ILocalCircuit local) => new(local, _options.KeyPrefix, Wake, _logger, InstanceId, _options.ReportTimeToLive);

    /// <summary>The agent leaves: its breaker keeps its own verdict, and its report is withdrawn at the next round.</summary>
    private void Detach_NeedsLock(SharedCircuitAgent agent)
    {
        agent.Detach();
        _withdrawals.Enqueue(agent);
    }
}
