namespace Resilience.Http.Tests;

public class HttpConnectionPoolTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var options = new HttpConnectionPoolOptions();

        options.PooledConnectionLifetime.Should().Be(TimeSpan.FromMinutes(2));
        options.PooledConnectionIdleTimeout.Should().Be(TimeSpan.FromMinutes(1));
        options.MaxConnectionsPerServer.Should().Be(100);
        options.RequestTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.ConnectTimeout.Should().BeNull();
    }

    [Fact]
    public void CreateHandler_Defaults_ConfigureTheSocketsHandler()
    {
        using var handler = HttpConnectionPool.CreateHandler();

        handler.PooledConnectionLifetime.Should().Be(TimeSpan.FromMinutes(2));
        handler.PooledConnectionIdleTimeout.Should().Be(TimeSpan.FromMinutes(1));
        handler.MaxConnectionsPerServer.Should().Be(100);
        handler.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(30, 10)]
    [InlineData(60, 10)]
    [InlineData(9, 3)]
    [InlineData(3, 1)]
    public void GetConnectTimeout_RequestTimeout_IsAThirdAtMostTenSeconds(int requestSeconds, int expectedSeconds)
    {
        HttpConnectionPool.GetConnectTimeout(TimeSpan.FromSeconds(requestSeconds)).Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Fact]
    public void GetConnectTimeout_Infinite_IsTenSeconds()
    {
        HttpConnectionPool.GetConnectTimeout(System.Threading.Timeout.InfiniteTimeSpan).Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Configure_ExplicitConnectTimeout_WinsOverTheDerivedOne()
    {
        using var handler = new SocketsHttpHandler();

        HttpConnectionPool.Configure(handler, new HttpConnectionPoolOptions { RequestTimeout = TimeSpan.FromSeconds(3), ConnectTimeout = TimeSpan.FromSeconds(5), MaxConnectionsPerServer = 4 });

        handler.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(5));
        handler.MaxConnectionsPerServer.Should().Be(4);
    }

    [Fact]
    public void Configure_InvalidOptions_ThrowsNamingEachOptionAndValue()
    {
        using var handler = new SocketsHttpHandler();
        var options = new HttpConnectionPoolOptions { MaxConnectionsPerServer = 0, PooledConnectionLifetime = TimeSpan.FromSeconds(-1) };

        var act = () => HttpConnectionPool.Configure(handler, options);

        act.Should().Throw<ArgumentException>()
            .WithMessage("Invalid HttpConnectionPoolOptions: PooledConnectionLifetime must be positive or infinite; it was -00:00:01. MaxConnectionsPerServer must be at least 1; it was 0.*")
            .Which.ParamName.Should().Be("options");
    }
}
