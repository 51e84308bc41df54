namespace Resilience.Monitoring.Internal;

/// <summary>
/// A fixed-size ring of the most recent transitions of one breaker. All members take the ring's own lock.
/// </summary>
/// <remarks>Its slots are allocated at the first transition: most monitored breakers never change state, and the
/// default 20 slots are 800 B per breaker.</remarks>
internal sealed class StateChangeRing
{
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private CircuitStateChange[]? _items;
    private int _next;
    private int _count;

    public StateChangeRing(int capacity) => _capacity = capacity;

    /// <summary>Gets the number of slots the ring holds memory for (for tests).</summary>
    internal int StorageLength
    {
        get
        {
            lock (_lock)
            {
                return _items?.Length ?? 0;
            }
        }
    }

    public void Add(CircuitStateChange change)
    {
        lock (_lock)
        {
            var items = _items ??= new CircuitStateChange[_capacity];
            items[_next] = change;
            _next = (_next + 1) % items.Length;
            _count = Math.Min(_count + 1, items.Length);
        }
    }

    /// <summary>Copies the transitions, oldest first.</summary>
    public CircuitStateChange[] ToArray()
    {
        lock (_lock)
        {
            if (_items is not { } items || _count == 0)
            {
                // Perf: the evaluation tick reads every breaker's ring; one that never changed costs nothing.
                return [];
            }

            var result = new CircuitStateChange[_count];
            var start = (_next - _count + items.Length) % items.Length;
            for (var i = 0; i < _count; i++)
            {
                result[i] = items[(start + i) % items.Length];
            }

            return result;
        }
    }
}
