namespace Resilience.Internal;

/// <summary>
/// The properties of one call (see <see cref="ResilienceContext.SetProperty{TValue}"/>): a short list searched in order,
/// with a hash index only once it holds more than <see cref="IndexThreshold"/> entries.
/// </summary>
/// <remarks>
/// <para>Perf: a call carries a handful of properties (the HTTP handler sets three and reads them back three times per
/// request), and their keys are static fields, so each lookup meets the very string it looks for: the ordinal comparison
/// returns on the reference check, or on the length for another key. A dictionary hashes the whole key (about thirty
/// characters) on every access instead, and clears its buckets when the context goes back to the pool.</para>
/// <para>Keys equal by value but not by reference (a key built at run time) are found the same way, by ordinal comparison.
/// A call that sets many properties gets the hash index, so a lookup never costs more than a dictionary's; a list that
/// grew past <see cref="RetainedCapacity"/> is dropped when its context goes back to the pool, so no large list stays parked.</para>
/// <para>Not thread-safe, like the context that owns it.</para>
/// </remarks>
internal sealed class PropertyList
{
    /// <summary>Above this many entries a key's position is also kept in a dictionary.</summary>
    internal const int IndexThreshold = 8;

    /// <summary>Beyond this capacity a list is not kept for the context's next call.</summary>
    internal const int RetainedCapacity = 16;

    private const int InitialCapacity = 4;

    private string[] _keys = new string[InitialCapacity];
    private object?[] _values = new object?[InitialCapacity];
    private Dictionary<string, int>? _index;
    private int _count;

    /// <summary>Gets how many properties are set.</summary>
    public int Count => _count;

    /// <summary>Gets a value indicating whether the list is small enough to keep for the context's next call.</summary>
    public bool IsRetainable => _keys.Length <= RetainedCapacity;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, replacing an earlier value of the same key.</summary>
    public void Set(string key, object? value)
    {
        var position = IndexOf(key);
        if (position >= 0)
        {
            _values[position] = value;
            return;
        }

        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        _keys[_count] = key;
        _values[_count] = value;
        if (_index is not null)
        {
            _index[key] = _count;
        }
        else if (_count == IndexThreshold)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (var i = 0; i <= _count; i++)
            {
                _index[_keys[i]] = i;
            }
        }

        _count++;
    }

    /// <summary>Reads the value of <paramref name="key"/>.</summary>
    public bool TryGet(string key, out object? value)
    {
        var position = IndexOf(key);
        if (position >= 0)
        {
            value = _values[position];
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Sets every property of this list in <paramref name="target"/>, replacing those of the same keys there.</summary>
    public void CopyTo(PropertyList target)
    {
        for (var i = 0; i < _count; i++)
        {
            target.Set(_keys[i], _values[i]);
        }
    }

    /// <summary>Removes every property (and the references to their values).</summary>
    public void Clear()
    {
        Array.Clear(_keys, 0, _count);
        Array.Clear(_values, 0, _count);
        _index = null;
        _count = 0;
    }

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var indexed) ? indexed : -1;
        }

        var keys = _keys;
        for (var i = 0; i < _count; i++)
        {
            // Ordinal: the reference check comes first, then the length.
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
