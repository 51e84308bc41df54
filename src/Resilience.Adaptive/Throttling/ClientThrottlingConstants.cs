namespace Resilience.Throttling;

/// <summary>Defaults, limits and telemetry names of client-side adaptive throttling (defaults from the SRE book).</summary>
internal static class ClientThrottlingConstants
{
    public const double DefaultMultiplier = 2.0;
    public const double MinMultiplier = 1.0;
    public const double MaxMultiplier = 100.0;
    public const double DefaultMaxRejectionProbability = 1.0;
    public const int SlotCount = 10;
    public const string DefaultName = "default";

    public const string RejectionsInstrument = "resilience.client_throttling.rejections";
    public const string ProbabilityInstrument = "resilience.client_throttling.rejection_probability";
    public const string NameTag = "client_throttling.name";

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);
}
