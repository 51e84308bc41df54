using Resilience.Degradation;

namespace Resilience.Batching.Tests.Degradation;

public sealed class PartialResultsTests
{
    [Fact]
    public void Options_Defaults()
    {
        var options = new PartialResultsOptions();

        options.MinSuccessRatio.Should().Be(0.5);
        options.Deadline.Should().BeNull();
        options.TimeProvider.Should().BeNull();
    }

    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.75)]
    [InlineData(4, 1.0)]
    public async Task ExecuteAsync_RatioAtOrAboveMinimum_ReturnsSuccessesAndFailuresInOrder(int succeeding, double expectedRatio)
    {
        var operations = Operations(4, succeeding);

        var result = await PartialResults.ExecuteAsync(operations);

        result.SuccessRatio.Should().Be(expectedRatio);
        result.Successes.Select(s => s.Index).Should().Equal(Enumerable.Range(0, succeeding));
        result.Successes.Select(s => s.Value).Should().Equal(Enumerable.Range(0, succeeding).Select(i => i * 10));
        result.Failures.Select(f => f.Index).Should().Equal(Enumerable.Range(succeeding, 4 - succeeding));
        result.Failures.Where(f => f.Exception is not IOException).Should().BeEmpty();
        result.IsComplete.Should().Be(succeeding == 4);
        result.Total.Should().Be(4);
    }

    [Fact]
    public async Task ExecuteAsync_RatioBelowMinimum_ThrowsListingEveryFailure()
    {
        var operations = Operations(4, 1);

        var act = () => PartialResults.ExecuteAsync(operations);

        var thrown = (await act.Should().ThrowAsync<PartialResultsException>()).Which;
        thrown.Message.Should().Be(
            "Too many failures: 3/4 operations failed, 1/4 succeeded, below the minimum success ratio of 0.5. " +
            "[1] IOException: service 1 down [2] IOException: service 2 down [3] IOException: service 3 down");
        thrown.Failures.Select(f => f.Index).Should().Equal(1, 2, 3);
        thrown.InnerException.Should().BeOfType<AggregateException>().Which.InnerExceptions.Should().HaveCount(3);
        thrown.Total.Should().Be(4);
        thrown.MinSuccessRatio.Should().Be(0.5);
    }

    [Fact]
    public async Task ExecuteAsync_CustomRatio_AppliesIt()
    {
        var act = () => PartialResults.ExecuteAsync(Operations(4, 3), new PartialResultsOptions { MinSuccessRatio = 0.8 });

        await act.Should().ThrowAsync<PartialResultsException>();
    }

    [Fact]
    public async Task ExecuteAsync_OperationsRunConcurrently_AllStartBeforeAnyFinishes()
    {
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = 0;
        var operations = gates.Select(g => (Func<CancellationToken, ValueTask<int>>)(_ => { started++; return new ValueTask<int>(g.Task); })).ToArray();

        var call = PartialResults.ExecuteAsync(operations);
        started.Should().Be(3);
        call.IsCompleted.Should().BeFalse();
        for (var i = 0; i < gates.Length; i++)
        {
            gates[i].SetResult(i);
        }

        (await call).Successes.Should().HaveCount(3);
    }

    [Fact]
    public async Task ExecuteAsync_DeadlinePasses_CancelsStragglersAndCountsThemAsFailures()
    {
        // Arrange: two fast operations, one that honours its token and one that ignores it.
        var time = new FakeTimeProvider();
        CancellationToken stragglerToken = default;
        var ignoring = new TaskCompletionSource<int>();
        var operations = new Func<CancellationToken, ValueTask<int>>[]
        {
            _ => ValueTask.FromResult(1),
            async ct =>
            {
                stragglerToken = ct;
                await Task.Delay(TimeSpan.FromHours(1), time, ct);
                return 2;
            },
            _ => ValueTask.FromResult(3),
            _ => new ValueTask<int>(ignoring.Task),
        };

        // Act
        var call = PartialResults.ExecuteAsync(operations, new PartialResultsOptions { Deadline = TimeSpan.FromSeconds(2), TimeProvider = time });
        time.Advance(TimeSpan.FromSeconds(1.9));
        call.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await call;

        // Assert
        result.Successes.Select(s => s.Value).Should().Equal(1, 3);
        result.Failures.Select(f => f.Index).Should().Equal(1, 3);
        result.Failures.Should().AllSatisfy(f => f.Exception.Should().BeOfType<TimeoutException>()
            .Which.Message.Should().EndWith("did not complete within the deadline of 00:00:02."));
        stragglerToken.IsCancellationRequested.Should().BeTrue();
        ignoring.Task.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_AllFinishBeforeDeadline_ReturnsWithoutWaitingForIt()
    {
        var time = new FakeTimeProvider();

        var result = await PartialResults.ExecuteAsync(Operations(2, 2), new PartialResultsOptions { Deadline = TimeSpan.FromSeconds(5), TimeProvider = time });

        result.IsComplete.Should().BeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_Empty_ReturnsCompleteResult()
    {
        var result = await PartialResults.ExecuteAsync(Array.Empty<Func<CancellationToken, ValueTask<int>>>());

        result.SuccessRatio.Should().Be(1);
        result.Total.Should().Be(0);
    }

    [Theory]
    [InlineData(-0.1, null, "Invalid PartialResultsOptions: MinSuccessRatio must be between 0 and 1; it was -0.1.*")]
    [InlineData(0.5, 0, "Invalid PartialResultsOptions: Deadline must be between 00:00:00.0010000 and 1.00:00:00; it was 00:00:00.*")]
    public async Task ExecuteAsync_InvalidOptions_ThrowsNamingOptionAndValue(double ratio, int? deadlineSeconds, string message)
    {
        var options = new PartialResultsOptions { MinSuccessRatio = ratio, Deadline = deadlineSeconds is { } s ? TimeSpan.FromSeconds(s) : null };

        var act = () => PartialResults.ExecuteAsync(Operations(1, 1), options);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage(message);
    }

    private static Func<CancellationToken, ValueTask<int>>[] Operations(int count, int succeeding) =>
        Enumerable.Range(0, count)
            .Select(i => (Func<CancellationToken, ValueTask<int>>)(i < succeeding
                ? _ => ValueTask.FromResult(i * 10)
                : async _ =>
                {
                    await Task.Yield();
                    throw new IOException($"service {i} down");
                }))
            .ToArray();
}
