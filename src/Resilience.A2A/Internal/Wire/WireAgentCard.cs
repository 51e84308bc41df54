namespace Resilience.A2A.Internal.Wire;

/// <summary>An agent card in either version (v0.3 <c>url</c>/<c>protocolVersion</c>, v1.0 <c>supportedInterfaces</c>).</summary>
internal sealed class WireAgentCard
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Version { get; set; }

    public string? Url { get; set; }

    public string? ProtocolVersion { get; set; }

    public string? PreferredTransport { get; set; }

    public List<WireInterface>? AdditionalInterfaces { get; set; }

    public List<WireInterface>? SupportedInterfaces { get; set; }

    public WireCapabilities? Capabilities { get; set; }

    public Dictionary<string, WireSecurityScheme>? SecuritySchemes { get; set; }
}
