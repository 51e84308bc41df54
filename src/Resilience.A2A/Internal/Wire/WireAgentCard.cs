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

    public WireProvider? Provider { get; set; }

    public string? DocumentationUrl { get; set; }

    public string? IconUrl { get; set; }

    public List<string>? DefaultInputModes { get; set; }

    public List<string>? DefaultOutputModes { get; set; }

    public List<WireSkill>? Skills { get; set; }

    /// <summary>Gets or sets the v0.3 flag for the authenticated extended card (v1.0: <c>capabilities.extendedAgentCard</c>).</summary>
    public bool? SupportsAuthenticatedExtendedCard { get; set; }

    public Dictionary<string, WireSecurityScheme>? SecuritySchemes { get; set; }
}
