namespace Resilience.A2A.Internal.Wire;

/// <summary>A push-notification webhook's authentication: v1.0 <c>{scheme, credentials}</c>, v0.3 <c>{schemes[], credentials}</c>.</summary>
internal sealed class WireAuthentication
{
    public string? Scheme { get; set; }

    public List<string>? Schemes { get; set; }

    public string? Credentials { get; set; }
}
