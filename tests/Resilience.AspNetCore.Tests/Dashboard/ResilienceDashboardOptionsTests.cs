using Resilience.AspNetCore.Dashboard;

namespace Resilience.AspNetCore.Tests.Dashboard;

public sealed class ResilienceDashboardOptionsTests
{
    [Fact]
    public void Ctor_Defaults_RequireAuthorizationAndRefreshEveryFiveSeconds()
    {
        var options = new ResilienceDashboardOptions();

        options.AuthorizationPolicy.Should().BeNull();
        options.AllowAnonymous.Should().BeFalse();
        options.RefreshInterval.Should().Be(TimeSpan.FromSeconds(5));
        options.RecentTransitionsLimit.Should().Be(20);
        options.Title.Should().Be("Resilience dashboard");
    }
}
