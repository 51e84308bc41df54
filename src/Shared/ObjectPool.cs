namespace Resilience.Internal;

/// <summary>
/// A small lock-free pool: one fast slot plus a fixed array, as in Microsoft.Extensions.ObjectPool's default
/// pool. When the pool is empty a new object is created; when full, the returned object is dropped.
/// </summary>
/// <typeparam name="T">The pooled type.</typeparam>
internal sealed class ObjectPool<T>
    where T : class
{
    private readonly Func<T> _factory;
    private readonly T?[] _items;
    private T? _fastItem;

    public ObjectPool(Func<T> factory, int capacity = 64)
    {
        _factory = factory;
        _items = new T?[capacity];
    }

    public T Get()
    {
        var item = _fastItem;
        if (item is not null && Interlocked.CompareExchange(ref _fastItem, null, item) == item)
        {
            return item;
        }

        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            item = items[i];
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return _factory();
    }

    /// <summary>Returns an object to the pool.</summary>
    /// <returns><see langword="false"/> when the pool was full and the object was dropped.</returns>
    public bool Return(T item)
    {
        if (_fastItem is null && Interlocked.CompareExchange(ref _fastItem, item, null) is null)
        {
            return true;
        }

        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (Interlocked.CompareExchange(ref items[i], item, null) is null)
            {
                return true;
            }
        }

        return false;
    }
}
