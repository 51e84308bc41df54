namespace Resilience.Internal;

/// <summary>
/// Removes the parts of an address that can hold secrets (user info, query string, fragment) before it reaches
/// a log, a metric tag or an alert.
/// </summary>
/// <remarks>Shared source (src/Shared): a package that logs addresses compiles it in (Monitoring's webhook sink does).</remarks>
internal static class UrlRedactor
{
    /// <summary>The text that replaces a value that is not an address the redactor can parse.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>Returns <c>scheme://host[:port]/path</c> of an absolute address, or only its path for a relative one.</summary>
    /// <param name="uri">The address.</param>
    /// <returns>The address without user info, query string and fragment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is <see langword="null"/>.</exception>
    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.IsAbsoluteUri)
        {
            // Some schemes (ftp, file) keep '?' inside the path, escaped: cut there too.
            var text = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            return CutAtEscapedDelimiter(StripQueryAndFragment(text));
        }

        return StripQueryAndFragment(uri.OriginalString);
    }

    /// <summary>Redacts an address given as text; text that is not an absolute address keeps only what comes before any <c>?</c> or <c>#</c>, minus any user info.</summary>
    /// <param name="url">The address, or <see langword="null"/>.</param>
    /// <returns>The redacted address; an empty string for <see langword="null"/> or empty input.</returns>
    public static string Redact(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return string.Empty;
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            return Redact(uri);
        }

        var stripped = StripQueryAndFragment(url);
        var at = stripped.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? stripped : Redacted;
    }

    private static string CutAtEscapedDelimiter(string text)
    {
        var query = text.IndexOf("%3F", StringComparison.OrdinalIgnoreCase);
        var fragment = text.IndexOf("%23", StringComparison.OrdinalIgnoreCase);
        var end = query < 0 ? fragment : fragment < 0 ? query : Math.Min(query, fragment);
        return end < 0 ? text : text[..end];
    }

    private static string StripQueryAndFragment(string text)
    {
        var end = text.AsSpan().IndexOfAny('?', '#');
        return end < 0 ? text : text[..end];
    }
}
