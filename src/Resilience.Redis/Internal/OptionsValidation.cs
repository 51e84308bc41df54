using System.Globalization;

namespace Resilience.Redis.Internal;

/// <summary>Checks <see cref="RedisCircuitSharingOptions"/> and breaker names; every bad value is named in one message.</summary>
internal static class OptionsValidation
{
    public static RedisCircuitSharingOptions ValidatedCopy(RedisCircuitSharingOptions options)
    {
        var copy = new RedisCircuitSharingOptions
        {
            KeyPrefix = options.KeyPrefix,
            InstanceId = options.InstanceId ?? InstanceIdentity.Default(),
            ReportInterval = options.ReportInterval,
            ReportTimeToLive = options.ReportTimeToLive,
            RedisTimeout = options.RedisTimeout,
            RedisRetryInterval = options.RedisRetryInterval,
            MinimumAgreeingInstances = options.MinimumAgreeingInstances,
            ProbeLeaseDuration = options.ProbeLeaseDuration,
            MaxInstances = options.MaxInstances,
            MaxBreakers = options.MaxBreakers,
        };

        var errors = new List<string>();
        CheckKeyPart(errors, nameof(options.KeyPrefix), copy.KeyPrefix, RedisCircuitSharingConstants.MaxKeyPrefixLength);
        CheckKeyPart(errors, nameof(options.InstanceId), copy.InstanceId, RedisCircuitSharingConstants.MaxInstanceIdLength);
        CheckRange(errors, nameof(options.ReportInterval), copy.ReportInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        CheckRange(errors, nameof(options.ReportTimeToLive), copy.ReportTimeToLive, copy.ReportInterval * 2, TimeSpan.FromHours(1));
        CheckRange(errors, nameof(options.RedisTimeout), copy.RedisTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30));
        CheckRange(errors, nameof(options.RedisRetryInterval), copy.RedisRetryInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        CheckRange(errors, nameof(options.ProbeLeaseDuration), copy.ProbeLeaseDuration, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        CheckRange(errors, nameof(options.MinimumAgreeingInstances), copy.MinimumAgreeingInstances, 2, 100_000);
        CheckRange(errors, nameof(options.MaxInstances), copy.MaxInstances, 2, 100_000);
        CheckRange(errors, nameof(options.MaxBreakers), copy.MaxBreakers, 1, 100_000);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        return copy;
    }

    public static bool IsValidName(string name)
    {
        var errors = new List<string>();
        CheckKeyPart(errors, "Name", name, RedisCircuitSharingConstants.MaxNameLength);
        return errors.Count == 0;
    }

    public static void ValidateName(string name)
    {
        var errors = new List<string>();
        CheckKeyPart(errors, "Name", name, RedisCircuitSharingConstants.MaxNameLength, "A shared breaker's");
        if (errors.Count > 0)
        {
            throw new ArgumentException(errors[0], nameof(name));
        }
    }

    private static void CheckKeyPart(List<string> errors, string option, string? value, int maxLength, string owner = "RedisCircuitSharingOptions.")
    {
        var label = owner.EndsWith('.') ? owner + option : owner + " " + option;
        if (string.IsNullOrEmpty(value))
        {
            errors.Add($"{label} must not be empty (was '{value}').");
        }
        else if (value.Length > maxLength)
        {
            errors.Add($"{label} must have at most {maxLength} characters (was {value.Length}).");
        }
        else if (value.AsSpan().IndexOfAny('{', '}') >= 0 || value.AsSpan().ContainsAnyInRange('\0', ' '))
        {
            // Braces would break the cluster hash tag; control characters and spaces make keys unreadable.
            errors.Add($"{label} must not contain braces, spaces or control characters (was '{value}').");
        }
    }

    private static void CheckRange(List<string> errors, string option, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"RedisCircuitSharingOptions.{option} must be between {min} and {max} (was {value})."));
        }
    }

    private static void CheckRange(List<string> errors, string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"RedisCircuitSharingOptions.{option} must be between {min} and {max} (was {value})."));
        }
    }
}
