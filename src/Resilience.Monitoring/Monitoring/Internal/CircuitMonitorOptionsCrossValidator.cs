using System.Globalization;
using Microsoft.Extensions.Options;
using Resilience.Monitoring;

namespace Resilience.Monitoring.Internal;

/// <summary>The ranges of <see cref="CircuitMonitorOptions"/> (through the generated validator) plus the rules that span several members, with the bad values in the message.</summary>
internal sealed class CircuitMonitorOptionsCrossValidator : IValidateOptions<CircuitMonitorOptions>
{
    private static readonly CircuitMonitorOptionsValidator Generated = new();

    public ValidateOptionsResult Validate(string? name, CircuitMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        OptionsFailureFormatter.AddFailures(builder, "Resilience:Monitoring", Generated.Validate(name, options), Describe(options));
        if (options.RecentChangesCapacity <= options.FlappingChangeThreshold)
        {
            builder.AddError(string.Create(
                CultureInfo.InvariantCulture,
                $"Resilience:Monitoring: RecentChangesCapacity ({options.RecentChangesCapacity}) must be greater than FlappingChangeThreshold ({options.FlappingChangeThreshold}), or flapping can never be detected."));
        }

        return builder.Build();
    }

    internal static IEnumerable<KeyValuePair<string, object?>> Describe(CircuitMonitorOptions options) =>
    [
        new(nameof(options.ChannelCapacity), options.ChannelCapacity),
        new(nameof(options.RecentChangesCapacity), options.RecentChangesCapacity),
        new(nameof(options.EvaluationInterval), options.EvaluationInterval),
        new(nameof(options.OpenTooLongThreshold), options.OpenTooLongThreshold),
        new(nameof(options.FlappingChangeThreshold), options.FlappingChangeThreshold),
        new(nameof(options.FlappingWindow), options.FlappingWindow),
        new(nameof(options.HighFailureRateSuccessThreshold), options.HighFailureRateSuccessThreshold),
        new(nameof(options.DeduplicationWindow), options.DeduplicationWindow),
    ];
}
