using Microsoft.Extensions.Logging;

namespace Resilience.Redis.Internal;

/// <summary>
/// Keeps one local breaker in step with its shared circuit. <see cref="SyncAsync"/>, <see cref="GoLocal"/>,
/// <see cref="Fail"/> and <see cref="Detach"/> run only inside the coordinator's serialised tick; the status
/// properties and the probe callback are thread-safe.
/// </summary>
internal sealed class SharedCircuitAgent
{
    private const int NoOutcome = 0;
    private const int SuccessOutcome = 1;
    private const int FailureOutcome = 2;

    private readonly ILocalCircuit _local;
    private readonly Action _wake;
    private readonly Action<bool> _onProbeOutcome;
    private readonly ILogger _logger;
    private readonly string _instanceId;
    private readonly long _duplicateMemoryMs;

    private long _knownGeneration = -1;
    private bool _held;
    private bool _reported;
    private bool _failing;
    private string? _lease;
    private long _leaseRound;
    private long _leaseExpiresMs;
    private int _probeOutcome;
    private int _status;
    private int _mismatched;
    private int _duplicate;
    private long _duplicateSeenMs;

    /// <summary>Initializes a new instance of the <see cref="SharedCircuitAgent"/> class.</summary>
    /// <param name="local">The local breaker.</param>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="wake">Asks the loop for a round.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="instanceId">This instance's id.</param>
    /// <param name="reportTimeToLive">How long a duplicate id stays flagged after it was last seen: a live duplicate reports well within it.</param>
    public SharedCircuitAgent(ILocalCircuit local, string prefix, Action wake, ILogger logger, string instanceId, TimeSpan reportTimeToLive)
    {
        _duplicateMemoryMs = UnixTime.ToMilliseconds(reportTimeToLive);
        _local = local;
        Keys = new RedisKeys(prefix, local.Name);
        _wake = wake;
        _logger = logger;
        _instanceId = instanceId;
        _onProbeOutcome = OnProbeOutcome;
    }

    public string Name => _local.Name;

    public RedisKeys Keys { get; }

    public SharedCircuitStatus Status => (SharedCircuitStatus)Volatile.Read(ref _status);

    /// <summary>Gets a value indicating whether this breaker's options differ from the fleet policy (last seen).</summary>
    public bool HasMismatchedOptions => Volatile.Read(ref _mismatched) == 1;

    /// <summary>Gets a value indicating whether another live process reported under this instance's id (last seen).</summary>
    public bool HasDuplicateIdentity => Volatile.Read(ref _duplicate) == 1;

    /// <summary>Reports a pending probe outcome, then this instance's health, and applies the shared decision.</summary>
    public async Task SyncAsync(SharedCircuitProtocol protocol, long nowMs, TimeSpan leaseDuration)
    {
        var policy = _local.Policy;
        var outcome = Interlocked.Exchange(ref _probeOutcome, NoOutcome);
        if (outcome != NoOutcome && _lease is { } lease)
        {
            _lease = null;
            await protocol.ReportProbeAsync(Keys, Name, policy, lease, _leaseRound, outcome == SuccessOutcome, nowMs).ConfigureAwait(false);
        }

        var health = _local.Sample();
        var state = await protocol.ReportAsync(Keys, Name, policy, health, _knownGeneration, firstReport: !_reported, nowMs).ConfigureAwait(false);
        _reported = true;
        Observe(state, policy, nowMs);
        Apply(state, nowMs);

        // Half-open: ask for a probe lease only when callers are actually waiting here, so idle instances do
        // not take the fleet's few probe slots.
        if (state.IsOpen && nowMs >= state.BreakEndMs && _lease is null && health.Demand > 0)
        {
            var granted = await protocol.AcquireProbeAsync(Keys, policy, state.Round, nowMs).ConfigureAwait(false);
            if (granted is not null)
            {
                _lease = granted;
                _leaseRound = state.Round;
                _leaseExpiresMs = nowMs + UnixTime.ToMilliseconds(leaseDuration);
                _local.GrantProbe(_onProbeOutcome);
            }
        }

        _failing = false;
    }

    /// <summary>Redis is unavailable: hand the decision back to the local breaker, as its own evidence left it.</summary>
    public void GoLocal()
    {
        ReleaseHold(restoreLocalVerdict: true);
        Volatile.Write(ref _status, (int)SharedCircuitStatus.LocalOnly);
    }

    /// <summary>This breaker's round failed for a reason other than Redis: decide locally, log once until a round succeeds.</summary>
    public void Fail(Exception exception)
    {
        GoLocal();
        if (!_failing)
        {
            _failing = true;
            Log.RoundFailed(_logger, Name, _instanceId, exception);
        }
    }

    /// <summary>The breaker leaves the shared layer; it keeps its own verdict.</summary>
    public void Detach() => ReleaseHold(restoreLocalVerdict: true);

    private void Observe(SharedState state, SharedCircuitPolicy policy, long nowMs)
    {
        if (state.FleetFingerprint.Length > 0)
        {
            var mismatched = !string.Equals(state.FleetFingerprint, policy.Fingerprint, StringComparison.Ordinal);
            if (Interlocked.Exchange(ref _mismatched, mismatched ? 1 : 0) != (mismatched ? 1 : 0))
            {
                if (mismatched)
                {
                    Log.OptionsMismatch(_logger, Name, _instanceId, policy.Fingerprint, state.FleetFingerprint);
                }
                else
                {
                    Log.OptionsMatch(_logger, Name, _instanceId, policy.Fingerprint);
                }
            }
        }

        // Two live processes with one id overwrite each other, so each sees the other's report only now and then:
        // the flag stays until no duplicate was seen for a report time to live, and the warning comes once per episode.
        if (state.Identity == ReportIdentity.Duplicate)
        {
            _duplicateSeenMs = nowMs;
            if (Interlocked.Exchange(ref _duplicate, 1) == 0)
            {
                Log.DuplicateInstanceId(_logger, Name, _instanceId);
            }
        }
        else if (state.Identity == ReportIdentity.Own && nowMs - _duplicateSeenMs >= _duplicateMemoryMs)
        {
            Volatile.Write(ref _duplicate, 0);
        }
    }

    private void Apply(SharedState state, long nowMs)
    {
        // A newer generation means the fleet's probes closed the circuit; an older or equal one while held means
        // the shared state was lost (Redis restarted empty, the key expired): the fleet decided nothing.
        var closedByFleet = state.Generation > _knownGeneration;
        _knownGeneration = state.Generation;
        if (!state.IsOpen)
        {
            ReleaseHold(restoreLocalVerdict: !closedByFleet);
            Volatile.Write(ref _status, (int)SharedCircuitStatus.Closed);
            return;
        }

        if (_lease is not null && (_leaseRound != state.Round || nowMs >= _leaseExpiresMs))
        {
            // The round ended or the lease expired in Redis: a permit not used yet must not become an extra probe.
            _lease = null;
            _local.RevokeProbe();
        }

        // Idempotent for the same break end, so a hold lost to a manual Reset/Isolate is restored on the next round.
        _held = true;
        _local.HoldOpen(UnixTime.ToDateTimeOffset(state.BreakEndMs));

        Volatile.Write(ref _status, (int)(nowMs >= state.BreakEndMs ? SharedCircuitStatus.HalfOpen : SharedCircuitStatus.Open));
    }

    private void ReleaseHold(bool restoreLocalVerdict)
    {
        _lease = null;
        Interlocked.Exchange(ref _probeOutcome, NoOutcome);
        if (_held)
        {
            _held = false;
            _local.Release(restoreLocalVerdict);
        }
    }

    private void OnProbeOutcome(bool success)
    {
        Volatile.Write(ref _probeOutcome, success ? SuccessOutcome : FailureOutcome);
        _wake();
    }
}
