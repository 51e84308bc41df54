namespace Resilience.A2A;

/// <summary>The A2A protocol versions the client speaks.</summary>
public enum A2AProtocolVersion
{
    /// <summary>Protocol v1.0: header <c>A2A-Version: 1.0</c>, methods such as <c>SendMessage</c>, results wrapped as <c>{"task": ...}</c>.</summary>
    V1,

    /// <summary>Protocol v0.3: methods such as <c>message/send</c>, objects carry a <c>kind</c> discriminator.</summary>
    V03,
}
