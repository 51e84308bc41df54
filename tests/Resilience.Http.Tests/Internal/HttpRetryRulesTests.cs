using Resilience.Http.Internal;

namespace Resilience.Http.Tests.Internal;

public class HttpRetryRulesTests
{
    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("OPTIONS", true)]
    [InlineData("TRACE", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    [InlineData("CONNECT", false)]
    [InlineData("get", true)]
    public void IsIdempotent_Method_FollowsRfc9110(string method, bool expected)
    {
        HttpRetryRules.IsIdempotent(new HttpMethod(method)).Should().Be(expected);
    }

    [Fact]
    public void IsRetryAllowedByMethod_Post_OnlyWhenTheClientOptsIn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/");

        HttpRetryRules.IsRetryAllowedByMethod(request, allowNonIdempotent: false).Should().BeFalse();
        HttpRetryRules.IsRetryAllowedByMethod(request, allowNonIdempotent: true).Should().BeTrue();
    }

    [Fact]
    public void IsRetryAllowedByMethod_PerRequestKey_WinsOverMethodAndClient()
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/");
        post.Options.Set(HttpResilienceRequestOptions.AllowRetry, true);
        using var get = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/");
        get.Options.Set(HttpResilienceRequestOptions.AllowRetry, false);

        HttpRetryRules.IsRetryAllowedByMethod(post, allowNonIdempotent: false).Should().BeTrue();
        HttpRetryRules.IsRetryAllowedByMethod(get, allowNonIdempotent: true).Should().BeFalse();
    }
}
