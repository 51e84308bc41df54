using System.Reflection;
using System.Security.Cryptography;

namespace Resilience.Redis.Internal;

/// <summary>
/// Who votes: a host, not a process. The default id is stable across restarts, so a crash-looping process takes
/// over its predecessor's report instead of adding a vote; a per-process nonce tells a live duplicate from a predecessor.
/// </summary>
internal static class InstanceIdentity
{
    /// <summary>The default instance id: <c>{machine name}/{entry assembly name}</c>, made key-safe and bounded.</summary>
    /// <remarks>The application name keeps two services on one host (same prefix and breaker name) two voters.</remarks>
    public static string Default()
    {
        var application = Assembly.GetEntryAssembly()?.GetName().Name ?? "app";
        return Sanitize(Environment.MachineName + "/" + application);
    }

    /// <summary>A random nonce for this process's reports (not a secret; only compared for equality).</summary>
    public static string NewNonce() => RandomNumberGenerator.GetHexString(16, lowercase: true);

    /// <summary>Replaces what a key or report cannot carry (braces, spaces, control characters, colons) and bounds the length.</summary>
    public static string Sanitize(string id)
    {
        var chars = id.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is <= ' ' or '{' or '}' or ':')
            {
                chars[i] = '-';
            }
        }

        var sanitized = new string(chars, 0, Math.Min(chars.Length, RedisCircuitSharingConstants.MaxInstanceIdLength));
        return sanitized.Length == 0 ? "instance" : sanitized;
    }
}
