namespace Resilience.A2A.Internal.Wire;

/// <summary>An agent card's skill.</summary>
internal sealed class WireSkill
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<string>? Tags { get; set; }

    public List<string>? Examples { get; set; }

    public List<string>? InputModes { get; set; }

    public List<string>? OutputModes { get; set; }
}
