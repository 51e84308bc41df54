namespace Resilience.A2A;

/// <summary>Who sent a message.</summary>
public enum A2ARole
{
    /// <summary>The role was missing or not known.</summary>
    Unspecified,

    /// <summary>The client (the calling agent).</summary>
    User,

    /// <summary>The remote agent.</summary>
    Agent,
}
