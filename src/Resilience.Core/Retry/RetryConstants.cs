namespace Resilience.Retry;

/// <summary>The defaults of <see cref="RetryOptions"/> and <see cref="RetryBudgetOptions"/>.</summary>
internal static class RetryConstants
{
    public const int DefaultMaxAttempts = 3;
    public const int MaxAttemptsLimit = 100;
    public const double DefaultExponentialBase = 2.0;
    public const double MaxExponentialBase = 100.0;
    public const double DefaultBudgetRatio = 0.2;
    public const double MaxBudgetRatio = 1000.0;
    public const int MaxBudgetMinRetriesPerSecond = 1_000_000;
    public const int DefaultBudgetMinRetriesPerSecond = 10;
    public const int BudgetSlotCount = 10;
    public const string DefaultName = "default";

    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);
    public static readonly TimeSpan DefaultBudgetWindow = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MinBudgetWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBudgetWindow = TimeSpan.FromHours(1);
}
