using System.Collections.Concurrent;
using Resilience.CircuitBreaking;

namespace Resilience.Demo;

/// <summary>Every transition of the demo's breakers, with the time since the start, and how often each opened and closed.</summary>
public sealed class TransitionLog : IDisposable
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly ConcurrentQueue<Entry> _unprinted = new();
    private readonly List<CircuitBreaking.CircuitBreaker> _breakers = [];
    private readonly PhaseClock _clock;

    public TransitionLog(IEnumerable<CircuitBreaking.CircuitBreaker> breakers, PhaseClock clock)
    {
        _clock = clock;
        foreach (var breaker in breakers)
        {
            breaker.StateChanged += OnStateChanged;
            _breakers.Add(breaker);
        }
    }

    public IReadOnlyCollection<Entry> Entries => _entries;

    public int CountOpened(string name) => _entries.Count(e => e.Name == name && e.To == CircuitState.Open);

    public int CountClosed(string name) => _entries.Count(e => e.Name == name && e.To == CircuitState.Closed);

    /// <summary>Takes the transitions not handed out yet (for the plain-text reporter).</summary>
    public IEnumerable<Entry> TakeUnprinted()
    {
        while (_unprinted.TryDequeue(out var entry))
        {
            yield return entry;
        }
    }

    public void Dispose()
    {
        foreach (var breaker in _breakers)
        {
            breaker.StateChanged -= OnStateChanged;
        }
    }

    private void OnStateChanged(object? sender, CircuitStateChangedEventArgs e)
    {
        var entry = new Entry(_clock.Elapsed, e.BreakerName, e.PreviousState, e.NewState, e.Reason.ToString(), _clock.Current);
        _entries.Enqueue(entry);
        _unprinted.Enqueue(entry);
    }

    /// <summary>One transition.</summary>
    public sealed record Entry(TimeSpan At, string Name, CircuitState From, CircuitState To, string Reason, DownstreamPhase Phase);
}
