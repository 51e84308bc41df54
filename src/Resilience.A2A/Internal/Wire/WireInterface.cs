namespace Resilience.A2A.Internal.Wire;

/// <summary>An agent interface: v1.0 <c>supportedInterfaces[]</c> or v0.3 <c>additionalInterfaces[]</c>.</summary>
internal sealed class WireInterface
{
    public string? Url { get; set; }

    public string? ProtocolBinding { get; set; }

    public string? Transport { get; set; }

    public string? ProtocolVersion { get; set; }

    public string? Tenant { get; set; }
}
