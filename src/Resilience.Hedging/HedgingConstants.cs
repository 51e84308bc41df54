namespace Resilience.Hedging;

/// <summary>Defaults, limits and telemetry names of the hedging stage.</summary>
internal static class HedgingConstants
{
    /// <summary>The default number of extra attempts: one, as in Polly and Microsoft's standard hedging handler.</summary>
    public const int DefaultMaxHedgedAttempts = 1;

    /// <summary>The most extra attempts a call may start (Polly's bound): each one is a full request to the service.</summary>
    public const int MaxHedgedAttemptsLimit = 10;

    /// <summary>The stage name used in telemetry when the options do not give one.</summary>
    public const string DefaultName = "default";

    /// <summary>Event id: a hedged attempt was started (Information).</summary>
    public const int HedgedAttemptEventId = 3201;

    /// <summary>Event id: a hedged attempt was refused by the retry budget (Warning).</summary>
    public const int BudgetExhaustedEventId = 3202;

    /// <summary>Event id: a user callback of the hedging stage threw; the call went on without it (Error).</summary>
    public const int CallbackFailedEventId = 3203;

    /// <summary>Counter: hedged attempts started (the primary attempt is not counted).</summary>
    public const string AttemptsInstrument = "resilience.hedging.attempts";

    /// <summary>Counter: hedged attempts refused because the retry budget was spent.</summary>
    public const string BudgetExhaustedInstrument = "resilience.hedging.budget_exhausted";

    /// <summary>Counter: losing attempts cancelled after another attempt won.</summary>
    public const string CancelledInstrument = "resilience.hedging.cancelled";

    /// <summary>Counter: exceptions of user callbacks the stage absorbed (the call went on without them).</summary>
    public const string CallbackErrorsInstrument = "resilience.hedging.callback.errors";

    /// <summary>Tag: which callback threw (<c>on_hedging</c>), as on the breaker's callback-error counter.</summary>
    public const string CallbackTag = "resilience.callback";

    /// <summary>Tag: the full type name of the exception (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Tag value of <see cref="CallbackTag"/>: the <c>OnHedging</c> callback.</summary>
    public const string OnHedgingCallback = "on_hedging";

    /// <summary>Tag: the hedging stage's name.</summary>
    public const string NameTag = "hedging.name";

    /// <summary>Tag: why a hedged attempt started (<c>delay</c> or <c>failure</c>).</summary>
    public const string TriggerTag = "hedging.trigger";

    /// <summary>Tag value: the attempt started because the previous ones did not answer within the delay.</summary>
    public const string DelayTrigger = "delay";

    /// <summary>Tag value: the attempt started at once because an attempt failed.</summary>
    public const string FailureTrigger = "failure";

    /// <summary>The default hedging delay (Polly's and Microsoft's default).</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(2);

    /// <summary>The longest finite hedging delay accepted.</summary>
    public static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);
}
