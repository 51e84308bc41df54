namespace Resilience.Redis.Internal;

/// <summary>
/// Keeps one local breaker in step with its shared circuit. <see cref="SyncAsync"/> and <see cref="GoLocal"/>
/// run only inside the coordinator's serialised tick; <see cref="Status"/> and the probe callback are thread-safe.
/// </summary>
internal sealed class SharedCircuitAgent
{
    private const int NoOutcome = 0;
    private const int SuccessOutcome = 1;
    private const int FailureOutcome = 2;

    private readonly ILocalCircuit _local;
    private readonly RedisKeys _keys;
    private readonly Action _wake;
    private readonly Action<bool> _onProbeOutcome;

    private long _knownGeneration = -1;
    private bool _held;
    private string? _lease;
    private long _leaseRound;
    private long _leaseExpiresMs;
    private int _probeOutcome;
    private int _status;

    public SharedCircuitAgent(ILocalCircuit local, string prefix, Action wake)
    {
        _local = local;
        _keys = new RedisKeys(prefix, local.Name);
        _wake = wake;
        _onProbeOutcome = OnProbeOutcome;
    }

    public string Name => _local.Name;

    public SharedCircuitStatus Status => (SharedCircuitStatus)Volatile.Read(ref _status);

    /// <summary>Reports a pending probe outcome, then this instance's health, and applies the shared decision.</summary>
    public async Task SyncAsync(SharedCircuitProtocol protocol, long nowMs, TimeSpan leaseDuration)
    {
        var policy = _local.Policy;
        var outcome = Interlocked.Exchange(ref _probeOutcome, NoOutcome);
        if (outcome != NoOutcome && _lease is { } lease)
        {
            _lease = null;
            await protocol.ReportProbeAsync(_keys, Name, policy, lease, _leaseRound, outcome == SuccessOutcome, nowMs).ConfigureAwait(false);
        }

        var health = _local.Sample();
        var state = await protocol.ReportAsync(_keys, Name, policy, health, _knownGeneration, nowMs).ConfigureAwait(false);
        Apply(state, nowMs);

        // Half-open: ask for a probe lease only when callers are actually waiting here, so idle instances do
        // not take the fleet's few probe slots.
        if (state.IsOpen && nowMs >= state.BreakEndMs && _lease is null && health.Demand > 0)
        {
            var granted = await protocol.AcquireProbeAsync(_keys, policy, state.Round, nowMs).ConfigureAwait(false);
            if (granted is not null)
            {
                _lease = granted;
                _leaseRound = state.Round;
                _leaseExpiresMs = nowMs + (long)leaseDuration.TotalMilliseconds;
                _local.GrantProbe(_onProbeOutcome);
            }
        }
    }

    /// <summary>Redis is unavailable: hand the decision back to the local breaker.</summary>
    public void GoLocal()
    {
        ReleaseHold();
        Volatile.Write(ref _status, (int)SharedCircuitStatus.LocalOnly);
    }

    /// <summary>The breaker leaves the shared layer.</summary>
    public void Detach() => ReleaseHold();

    private void Apply(SharedState state, long nowMs)
    {
        _knownGeneration = state.Generation;
        if (!state.IsOpen)
        {
            ReleaseHold();
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
        _local.HoldOpen(DateTimeOffset.FromUnixTimeMilliseconds(state.BreakEndMs));

        Volatile.Write(ref _status, (int)(nowMs >= state.BreakEndMs ? SharedCircuitStatus.HalfOpen : SharedCircuitStatus.Open));
    }

    private void ReleaseHold()
    {
        _lease = null;
        Interlocked.Exchange(ref _probeOutcome, NoOutcome);
        if (_held)
        {
            _held = false;
            _local.Release();
        }
    }

    private void OnProbeOutcome(bool success)
    {
        Volatile.Write(ref _probeOutcome, success ? SuccessOutcome : FailureOutcome);
        _wake();
    }
}
