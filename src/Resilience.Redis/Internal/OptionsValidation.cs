using Resilience.Internal;

namespace Resilience.Redis.Internal;

/// <summary>The rules of a Redis key part (the key prefix, an instance id, a breaker name) and the validated copy of <see cref="RedisCircuitSharingOptions"/>.</summary>
internal static class OptionsValidation
{
    public static RedisCircuitSharingOptions ValidatedCopy(RedisCircuitSharingOptions options)
    {
        OptionsGuard.ThrowIfInvalid(options, nameof(options));
        return new RedisCircuitSharingOptions
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
    }

    public static bool IsValidName(string name)
    {
        var guard = default(OptionsGuard);
        CheckKeyPart(ref guard, "Name", name, RedisCircuitSharingConstants.MaxNameLength);
        return guard.Errors.Count == 0;
    }

    public static void ValidateName(string name)
    {
        var guard = default(OptionsGuard);
        CheckKeyPart(ref guard, "Name", name, RedisCircuitSharingConstants.MaxNameLength);
        if (guard.Errors.Count > 0)
        {
            throw new ArgumentException("A shared breaker's " + guard.Errors[0], nameof(name));
        }
    }

    /// <summary>Checks a part of a Redis key: not empty, bounded, and free of what would break the key.</summary>
    public static void CheckKeyPart(ref OptionsGuard guard, string option, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            guard.NotEmpty(value, option);
        }
        else if (value.Length > maxLength)
        {
            guard.Check(false, option, $"must have at most {maxLength} characters", value.Length);
        }
        else
        {
            // Braces would break the cluster hash tag; control characters and spaces make keys unreadable.
            guard.Check(value.AsSpan().IndexOfAny('{', '}') < 0 && !value.AsSpan().ContainsAnyInRange('\0', ' '), option, "must not contain braces, spaces or control characters", value);
        }
    }
}
