using StackExchange.Redis;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>Waiting on a connection's events instead of polling it.</summary>
internal static class Connections
{
    /// <summary>Completes when <paramref name="connection"/> is connected again after a Redis restart (at once if it is).</summary>
    public static Task RestoredAsync(IConnectionMultiplexer connection)
    {
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionRestored += (_, _) =>
        {
            if (connection.IsConnected)
            {
                restored.TrySetResult();
            }
        };
        if (connection.IsConnected)
        {
            restored.TrySetResult();
        }

        return restored.Task;
    }
}
