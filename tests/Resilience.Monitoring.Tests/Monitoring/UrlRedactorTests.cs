using Resilience.Internal;

namespace Resilience.Monitoring.Tests.Monitoring;

public sealed class UrlRedactorTests
{
    [Theory]
    [InlineData("https://api.example.com/v1/pay?api_key=SECRET", "https://api.example.com/v1/pay")]
    [InlineData("https://user:SECRET@api.example.com:8443/a/b#frag", "https://api.example.com:8443/a/b")]
    [InlineData("http://127.0.0.1/a2a?token=SECRET&x=1", "http://127.0.0.1/a2a")]
    public void Redact_AbsoluteUri_KeepsSchemeHostPortAndPathOnly(string url, string expected)
    {
        UrlRedactor.Redact(new Uri(url)).Should().Be(expected);
        UrlRedactor.Redact(url).Should().Be(expected);
    }

    [Theory]
    [InlineData("/v1/pay?api_key=SECRET", "/v1/pay")]
    [InlineData("orders#section", "orders")]
    [InlineData("user:SECRET@host/path", UrlRedactor.Redacted)]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Redact_RelativeOrUnparsedText_DropsQueryFragmentAndUserInfo(string? url, string expected)
    {
        UrlRedactor.Redact(url).Should().Be(expected);
    }

    [Fact]
    public void Redact_RelativeUri_DropsQuery()
    {
        UrlRedactor.Redact(new Uri("/search?q=SECRET", UriKind.Relative)).Should().Be("/search");
    }
}
