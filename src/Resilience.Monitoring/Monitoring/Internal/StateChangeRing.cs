namespace Resilience.Monitoring.Internal;

/// <summary>A fixed-size ring of the most recent transitions of one breaker. All members take the ring's own lock.</summary>
internal sealed class StateChangeRing
{
    private readonly CircuitStateChange[] _items;
    private readonly Lock _lock = new();
    private int _next;
    private int _count;

    public StateChangeRing(int capacity) => _items = new CircuitStateChange[capacity];

    public void Add(CircuitStateChange change)
    {
        lock (_lock)
        {
            _items[_next] = change;
            _next = (_next + 1) % _items.Length;
            _count = Math.Min(_count + 1, _items.Length);
        }
    }

    /// <summary>Copies the transitions, oldest first.</summary>
    public CircuitStateChange[] ToArray()
    {
        lock (_lock)
        {
            var result = new CircuitStateChange[_count];
            var start = (_next - _count + _items.Length) % _items.Length;
            for (var i = 0; i < _count; i++)
            {
                result[i] = _items[(start + i) % _items.Length];
            }

            return result;
        }
    }
}
