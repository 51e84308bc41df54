using CsCheck;
using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


/// <summary>
/// The breaker against a sequential model: CsCheck runs random operations in parallel on a real breaker and
/// requires that some sequential order of the same operations on the model ends in the same state.
/// </summary>
public sealed partial class CircuitBreakerTests
{
    private const int ModelThreshold = 3;
    private static readonly TimeSpan ModelBreak = TimeSpan.FromSeconds(10);

    [Fact]
    public void Linearizable_CallsIsolateReset_MatchSequentialModel()
    {
        Gen.Const(() => (NewModelBreaker(), new BreakerModel()))
            .SampleParallel(
                [.. CallOperations(), .. ManualOperations()],
                equal: (actual, model) => model.Matches(actual.Breaker.GetSnapshot(), compareFailures: true),
                iter: 400,
                printActual: a => Print(a.Breaker.GetSnapshot()),
                printModel: m => m.ToString());
    }

    [Fact]
    public void Linearizable_WithBreaksAndProbes_MatchSequentialModel()
    {
        // With time moving, a probe can finish after another probe already closed the circuit: its outcome is
        // stale and ignored by design, which no sequential order reproduces for the consecutive count. The state
        // and the trip count must still match.
        Gen.Const(() => (NewModelBreaker(), new BreakerModel()))
            .SampleParallel(
                [.. CallOperations(), .. ManualOperations(), Gen.Operation<ModelBreaker, BreakerModel>("Advance", a => a.Time.Advance(ModelBreak), m => m.Advance())],
                equal: (actual, model) => model.Matches(actual.Breaker.GetSnapshot(), compareFailures: false),
                iter: 400,
                printActual: a => Print(a.Breaker.GetSnapshot()),
                printModel: m => m.ToString());
    }

    private static ModelBreaker NewModelBreaker()
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(
            "model",
            new CircuitBreakerOptions { FailureThreshold = ModelThreshold, BreakDuration = ModelBreak, HalfOpenMaxCalls = 20 },
            time);
        return new ModelBreaker(breaker, time);
    }

    private static GenOperation<ModelBreaker, BreakerModel>[] CallOperations() =>
    [
        Gen.Operation<ModelBreaker, BreakerModel>("Success", a => a.Call(failure: false, ignored: false), m => m.Call(failure: false, ignored: false)),
        Gen.Operation<ModelBreaker, BreakerModel>("Failure", a => a.Call(failure: true, ignored: false), m => m.Call(failure: true, ignored: false)),
        Gen.Operation<ModelBreaker, BreakerModel>("Ignored", a => a.Call(failure: false, ignored: true), m => m.Call(failure: false, ignored: true)),
    ];

    private static GenOperation<ModelBreaker, BreakerModel>[] ManualOperations() =>
    [
        Gen.Operation<ModelBreaker, BreakerModel>("Isolate", a => a.Breaker.Isolate(), m => m.Isolate()),
        Gen.Operation<ModelBreaker, BreakerModel>("Reset", a => a.Breaker.Reset(), m => m.Reset()),
    ];

    private static string Print(CircuitBreakerSnapshot s) => $"{s.State} failures={s.ConsecutiveFailures} trips={s.ConsecutiveTrips} epoch={s.Epoch}";

    /// <summary>The real breaker and its clock.</summary>
    private sealed record ModelBreaker(CircuitBreaker Breaker, FakeTimeProvider Time)
    {
        public void Call(bool failure, bool ignored)
        {
            if (!Breaker.TryAcquirePermit(out var permit, out _))
            {
                return;
            }

            if (ignored)
            {
                permit.RecordIgnored();
            }
            else if (failure)
            {
                permit.RecordFailure();
            }
            else
            {
                permit.RecordSuccess();
            }
        }

        public override string ToString() => Print(Breaker.GetSnapshot());
    }

    /// <summary>The breaker's rules, run one operation at a time.</summary>
    private sealed class BreakerModel
    {
        private CircuitState _state = CircuitState.Closed;
        private int _failures;
        private int _trips;
        private long _now;
        private long _breakEnd;

        public void Call(bool failure, bool ignored)
        {
            if (_state == CircuitState.Open)
            {
                if (_now < _breakEnd)
                {
                    return;
                }

                _state = CircuitState.HalfOpen;
            }

            if (_state == CircuitState.Isolated || ignored)
            {
                return;
            }

            if (_state == CircuitState.HalfOpen)
            {
                if (failure)
                {
                    Open(_trips + 1);
                }
                else
                {
                    Reset();
                }

                return;
            }

            if (!failure)
            {
                _failures = 0;
            }
            else if (++_failures >= ModelThreshold)
            {
                Open(1);
            }
        }

        public void Isolate() => _state = CircuitState.Isolated;

        public void Reset()
        {
            _state = CircuitState.Closed;
            _failures = 0;
            _trips = 0;
        }

        public void Advance() => _now += ModelBreak.Ticks;

        public bool Matches(CircuitBreakerSnapshot actual, bool compareFailures) =>
            actual.State == _state
            && actual.ConsecutiveTrips == _trips
            && (!compareFailures || _state != CircuitState.Closed || actual.ConsecutiveFailures == _failures);

        public override string ToString() => $"{_state} failures={_failures} trips={_trips}";

        private void Open(int trips)
        {
            _state = CircuitState.Open;
            _trips = trips;
            _breakEnd = _now + ModelBreak.Ticks;
        }
    }
}
