namespace Resilience.A2A;

/// <summary>How an agent authenticates to a push-notification webhook: an HTTP authentication scheme and its credentials.</summary>
/// <remarks><see cref="ToString"/> hides <see cref="Credentials"/>.</remarks>
public sealed class A2APushNotificationAuthentication
{
    /// <summary>Gets the HTTP authentication schemes (from the IANA registry, for example <c>Bearer</c> or <c>Basic</c>).</summary>
    /// <value>At least one; A2A v1.0 carries exactly one (v0.3 a list). No scheme may be empty or contain white space.</value>
    public IReadOnlyList<string> Schemes { get; init; } = [];

    /// <summary>Gets the credentials in the scheme's format (for example the token for <c>Bearer</c>), or <see langword="null"/>.</summary>
    public string? Credentials { get; init; }

    /// <summary>Describes the authentication without its credentials (shown as <c>***</c>).</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{string.Join(",", Schemes)} {(Credentials is null ? "(no credentials)" : "***")}";
}
