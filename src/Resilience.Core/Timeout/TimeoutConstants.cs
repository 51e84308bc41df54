namespace Resilience.Timeout;

/// <summary>The defaults of the timeout manager and of its timer wheel.</summary>
internal static class TimeoutConstants
{
    /// <summary>The wheel's tick is the shortest configured timeout divided by this (about 3% of it).</summary>
    public const int TickDivisor = 32;

    /// <summary>Timeouts shorter than this many ticks get a precise one-off timer instead of the wheel.</summary>
    public const int MinWheelTicks = 4;

    /// <summary>Slots in the wheel (a power of two); longer deadlines wait for more than one revolution.</summary>
    public const int SlotCount = 512;


    /// <summary>The <c>timeout.name</c> of a manager whose options name none, called outside a named pipeline.</summary>
    public const string DefaultName = "default";

    public static readonly TimeSpan HealthCheck = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan StandardRequest = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongOperation = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan BatchOperation = TimeSpan.FromSeconds(300);
    public static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan MaxTick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestTimeout = TimeSpan.FromDays(1);

    /// <summary>The shortest wheel tick for which the wheel reads the coarse clock (its margin is then at most a sixth of a tick).</summary>
    public static readonly TimeSpan MinCoarseTick = TimeSpan.FromMilliseconds(100);

    /// <summary>Added to deadlines on the coarse clock: more than its resolution (1 to 15.6 ms on Linux, Windows and macOS).</summary>
    public static readonly TimeSpan CoarseClockMargin = TimeSpan.FromMilliseconds(16);
}
