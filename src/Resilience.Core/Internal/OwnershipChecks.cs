using System.Collections.Concurrent;
using System.Diagnostics;

namespace Resilience.Internal;

/// <summary>
/// A test-only check that a pooled object (a <see cref="ResilienceContext"/>, a timeout scope) is never held by two calls:
/// each rent stamps an owner on the object, and every access compares the stamp with the one the accessing flow was given.
/// </summary>
/// <remarks>
/// <para>Off unless a test calls <see cref="TrackCurrentFlow"/>; then it costs nothing but one static read per access
/// anywhere else. Only flows started from the tracked flow stamp and check contexts (through an <see cref="AsyncLocal{T}"/>,
/// so a flow that lives on after its call, such as an abandoned operation, keeps the stamps of the call it belonged to),
/// and other tests measuring allocations are not disturbed. Scopes are checked everywhere once a test turned the checks on.</para>
/// <para>A violation is counted and described (with its stack) instead of thrown, so that a test sees every one of them.</para>
/// </remarks>
internal static class OwnershipChecks
{
    private const int MaxReports = 16;

    private static readonly AsyncLocal<Lease?> Flow = new();
    private static readonly ConcurrentQueue<string> ReportQueue = new();
    private static bool s_enabled;
    private static long s_lastStamp;
    private static long s_outstanding;
    private static int s_violations;

    /// <summary>Gets a value indicating whether any test turned the checks on.</summary>
    public static bool IsEnabled => Volatile.Read(ref s_enabled);

    /// <summary>Gets the number of violations seen since the process started.</summary>
    public static int Violations => Volatile.Read(ref s_violations);

    /// <summary>Gets the first violations, with the stack of the access that found each.</summary>
    public static IReadOnlyCollection<string> Reports => ReportQueue;

    /// <summary>Gets the number of contexts rented by tracked flows and not yet returned.</summary>
    public static long OutstandingContexts => Interlocked.Read(ref s_outstanding);

    /// <summary>Turns the checks on and tracks the current flow and every flow it starts from now on.</summary>
    public static void TrackCurrentFlow()
    {
        Volatile.Write(ref s_enabled, true);
        Flow.Value ??= Lease.Root;
    }

    /// <summary>Called when <paramref name="context"/> is rented.</summary>
    public static void OnRent(ResilienceContext context)
    {
        if (Volatile.Read(ref context.OwnerStamp) != 0)
        {
            Report("A context was handed out while another call still holds it.");
        }

        if (Flow.Value is { } flow)
        {
            var stamp = Interlocked.Increment(ref s_lastStamp);
            Volatile.Write(ref context.OwnerStamp, stamp);
            Interlocked.Increment(ref s_outstanding);
            Flow.Value = flow.With(context, stamp);
        }
    }

    /// <summary>Called on every access to <paramref name="context"/>.</summary>
    public static void OnAccess(ResilienceContext context)
    {
        if (Flow.Value?.Find(context) is { } stamp && stamp != Volatile.Read(ref context.OwnerStamp))
        {
            Report("A context was used by a call that no longer owns it (it went back to the pool, or another call has it).");
        }
    }

    /// <summary>Called when <paramref name="context"/> goes back to the pool.</summary>
    public static void OnReturn(ResilienceContext context)
    {
        OnAccess(context);
        if (Interlocked.Exchange(ref context.OwnerStamp, 0) != 0)
        {
            Interlocked.Decrement(ref s_outstanding);
        }
    }

    /// <summary>Called when a timeout scope is rented: it must not be held by a call.</summary>
    /// <param name="held">The scope's holder flag.</param>
    public static void OnRentScope(ref int held)
    {
        if (Interlocked.Exchange(ref held, 1) != 0)
        {
            Report("A timeout scope was handed out while another call still holds it.");
        }
    }

    /// <summary>Records a violation found by the caller.</summary>
    public static void Report(string what)
    {
        Interlocked.Increment(ref s_violations);
        if (ReportQueue.Count < MaxReports)
        {
            ReportQueue.Enqueue(what + Environment.NewLine + new StackTrace(1, fNeedFileInfo: false));
        }
    }

    /// <summary>What one flow holds: an immutable list of (object, stamp), newest first, one entry per object.</summary>
    private sealed class Lease
    {
        public static readonly Lease Root = new(null, 0, null);

        private readonly object? _item;
        private readonly long _stamp;
        private readonly Lease? _next;

        private Lease(object? item, long stamp, Lease? next)
        {
            _item = item;
            _stamp = stamp;
            _next = next;
        }

        public long? Find(object item)
        {
            for (var lease = this; lease is not null; lease = lease._next)
            {
                if (ReferenceEquals(lease._item, item))
                {
                    return lease._stamp;
                }
            }

            return null;
        }

        // The list stays as long as the number of distinct objects the flow has held: an older entry for the same object goes.
        public Lease With(object item, long stamp) => new(item, stamp, Without(item));

        private Lease? Without(object item)
        {
            if (ReferenceEquals(_item, item))
            {
                return _next;
            }

            var rest = _next?.Without(item);
            return ReferenceEquals(rest, _next) ? this : new Lease(_item, _stamp, rest);
        }
    }
}
