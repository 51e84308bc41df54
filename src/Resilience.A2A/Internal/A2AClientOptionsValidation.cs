using System.Globalization;

namespace Resilience.A2A.Internal;

/// <summary>Checks <see cref="A2AClientOptions"/> without reflection (trimming and AOT safe); each message names the option and its value.</summary>
internal static class A2AClientOptionsValidation
{
    private static readonly TimeSpan MaxIdleTimeout = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxStreamTimeout = TimeSpan.FromDays(1);

    public static List<string> Validate(A2AClientOptions options)
    {
        var errors = new List<string>();
        if (options.BaseAddress is not { IsAbsoluteUri: true } uri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"BaseAddress must be an absolute http or https URL, but was '{options.BaseAddress?.OriginalString ?? "null"}'.");
        }

        Range(errors, nameof(options.MaxResponseBytes), options.MaxResponseBytes, 1024, 1024 * 1024 * 1024);
        Range(errors, nameof(options.MaxSseEventBytes), options.MaxSseEventBytes, 1024, 1024 * 1024 * 1024);
        Range(errors, nameof(options.MaxResubscribeAttempts), options.MaxResubscribeAttempts, 0, 100);
        Range(errors, nameof(options.MaxStreamEvents), options.MaxStreamEvents, 1, 10_000_000);
        if (options.StreamIdleTimeout <= TimeSpan.Zero || options.StreamIdleTimeout > MaxIdleTimeout)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"StreamIdleTimeout must be greater than zero and at most 1 day, but was {options.StreamIdleTimeout}."));
        }

        if (options.StreamTimeout <= TimeSpan.Zero || options.StreamTimeout > MaxStreamTimeout)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"StreamTimeout must be greater than zero and at most 1 day, but was {options.StreamTimeout}."));
        }

        if (!Enum.IsDefined(options.PreferredProtocolVersion))
        {
            errors.Add($"PreferredProtocolVersion must be V1 or V03, but was {(int)options.PreferredProtocolVersion}.");
        }

        return errors;
    }

    private static void Range(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}, but was {value}."));
        }
    }
}
