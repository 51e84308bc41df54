namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>The fake downstream's failure, so tests can tell it from any other exception.</summary>
public sealed class DownstreamException : Exception
{
    public DownstreamException()
        : base("The downstream failed.")
    {
    }

    public DownstreamException(string message)
        : base(message)
    {
    }

    public DownstreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
