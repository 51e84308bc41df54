namespace Resilience.Monitoring.Internal;

/// <summary>Defaults and limits of the monitor and its alert rules.</summary>
internal static class MonitorConstants
{
    public const int DefaultChannelCapacity = 1024;
    public const int DefaultRecentChangesCapacity = 20;
    public const int DefaultFlappingChangeThreshold = 5;
    public const double DefaultHighFailureRateSuccessThreshold = 50;

    /// <summary>The health score looks at this many most recent transitions.</summary>
    public const int HealthScoreRecentChanges = 10;

    public const int HealthScoreStart = 100;
    public const int OpenPenalty = 50;
    public const int HalfOpenPenalty = 25;
    public const int LowSuccessPenalty = 25;
    public const int MediumSuccessPenalty = 10;
    public const double LowSuccessRate = 50;
    public const double MediumSuccessRate = 80;
    public const int RecentOpenPenalty = 5;

    public static readonly TimeSpan DefaultEvaluationInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultOpenTooLongThreshold = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultFlappingWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultDeduplicationWindow = TimeSpan.FromMinutes(15);
}
