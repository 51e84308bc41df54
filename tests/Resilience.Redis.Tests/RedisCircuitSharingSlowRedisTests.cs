using System.Collections.Concurrent;
using System.Diagnostics;
using Resilience.Redis.Internal;
using Resilience.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Resilience.Redis.Tests;

/// <summary>The collection of tests that watch process-wide events (<see cref="TaskScheduler.UnobservedTaskException"/>): they run alone.</summary>
[CollectionDefinition(nameof(ProcessWideEvents), DisableParallelization = true)]
public sealed class ProcessWideEvents;

/// <summary>A stalled Redis (SIGSTOP) with real time: rounds give up on commands that StackExchange.Redis completes later.</summary>
[Collection(nameof(ProcessWideEvents))]
public sealed class RedisCircuitSharingSlowRedisTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private RedisServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RedisStalled_AbandonedCommandsFaultLater_NoUnobservedTaskException()
    {
        // Garbage of earlier tests is finalized before the handler is on, so only this test's tasks can show up.
        CollectGarbage();
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            var options = RedisServer.Options(_server.Endpoint);
            options.AsyncTimeout = 500;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            var sharing = new RedisCircuitSharing(
                connection,
                new RedisCircuitSharingOptions
                {
                    KeyPrefix = "slow-" + Guid.NewGuid().ToString("N")[..8],
                    InstanceId = "slow",
                    ReportInterval = TimeSpan.FromMinutes(1),
                    ReportTimeToLive = TimeSpan.FromMinutes(2),
                    RedisTimeout = TimeSpan.FromMilliseconds(100),
                    RedisRetryInterval = TimeSpan.FromMilliseconds(10),
                });
            foreach (var name in new[] { "orders", "payments", "shipping" })
            {
                sharing.Attach(new FakeLocalCircuit(name, new SharedCircuitPolicy(0.5, 10, TimeSpan.FromSeconds(10), 1, 1)));
            }

            (await sharing.TickAsync()).Should().BeTrue();

            // Redis stalls: every round gives up after 100 ms on three scripts that StackExchange.Redis fails after 500 ms.
            await _server.PauseAsync();
            var clock = Stopwatch.StartNew();
            while (sharing.Commands.Abandoned < 9 && clock.Elapsed < Deadline)
            {
                await sharing.TickAsync();
            }

            sharing.IsSharedStateAvailable.Should().BeFalse();
            await sharing.Invoking(s => s.DisposeAsync().AsTask()).Should().NotThrowAsync("disposal gives up on a stalled Redis too");
            await AbandonedCommandsSettledAsync(connection, sharing.Commands);

            CollectGarbage();

            sharing.Commands.Abandoned.Should().BeGreaterThanOrEqualTo(9);
            unobserved.Should().BeEmpty();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
            await _server.ResumeAsync();
        }
    }

    private static async Task AbandonedCommandsSettledAsync(ConnectionMultiplexer connection, BoundedCommands commands)
    {
        // A command sent after the abandoned ones times out after them: awaiting it is the wait, without a sleep.
        var probe = async () => await connection.GetDatabase().PingAsync();
        await probe.Should().ThrowAsync<Exception>();
        var clock = Stopwatch.StartNew();
        while (commands.Settled < commands.Abandoned && clock.Elapsed < Deadline)
        {
            await probe.Should().ThrowAsync<Exception>();
        }

        commands.Settled.Should().Be(commands.Abandoned, "every abandoned command completed (and was observed)");
    }

    private static void CollectGarbage()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
        }
    }
}
