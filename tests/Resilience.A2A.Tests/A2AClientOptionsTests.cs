namespace Resilience.A2A.Tests;

public sealed class A2AClientOptionsTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var options = new A2AClientOptions();

        options.BaseAddress.Should().BeNull();
        options.PreferredProtocolVersion.Should().Be(A2AProtocolVersion.V1);
        options.MaxResponseBytes.Should().Be(4 * 1024 * 1024);
        options.MaxSseEventBytes.Should().Be(1024 * 1024);
        options.StreamIdleTimeout.Should().Be(TimeSpan.FromSeconds(60));
        options.StreamTimeout.Should().Be(TimeSpan.FromSeconds(120));
        options.MaxResubscribeAttempts.Should().Be(3);
        options.MaxStreamEvents.Should().Be(10_000);
        options.Credentials.Should().BeEmpty();
        options.CredentialProvider.Should().BeNull();
    }

    [Fact]
    public void A2AClientCtor_InvalidOptions_ThrowsNamingEveryBadOptionAndValue()
    {
        using var http = new HttpClient();
        var options = new A2AClientOptions
        {
            BaseAddress = new Uri("ftp://agent.example/"),
            MaxResponseBytes = 10,
            MaxSseEventBytes = -1,
            StreamIdleTimeout = TimeSpan.Zero,
            StreamTimeout = TimeSpan.FromDays(2),
            MaxResubscribeAttempts = 101,
            MaxStreamEvents = 0,
        };

        var act = () => new A2AClient(http, options);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Invalid A2AClientOptions: BaseAddress must be an absolute http or https URL; it was 'ftp://agent.example/'. "
            + "MaxResponseBytes must be between 1024 and 1073741824; it was 10. "
            + "MaxSseEventBytes must be between 1024 and 1073741824; it was -1. "
            + "MaxResubscribeAttempts must be between 0 and 100; it was 101. "
            + "MaxStreamEvents must be between 1 and 10000000; it was 0. "
            + "StreamIdleTimeout must be between 00:00:00.0010000 and 1.00:00:00; it was 00:00:00. "
            + "StreamTimeout must be between 00:00:00.0010000 and 1.00:00:00; it was 2.00:00:00. (Parameter 'options')");
    }

    [Fact]
    public void A2AClientCtor_OptionsChangedLater_KeepsCopy()
    {
        using var http = new HttpClient();
        var options = new A2AClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/a") };
        var client = new A2AClient(http, options);

        options.BaseAddress = new Uri("http://127.0.0.1:2/b");

        client.BaseAddress.Should().Be(new Uri("http://127.0.0.1:1/a"));
    }
}
