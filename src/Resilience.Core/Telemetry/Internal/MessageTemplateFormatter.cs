using System.Collections;
using System.Text;

namespace Resilience.Telemetry.Internal;

/// <summary>
/// Renders a message template the way <c>LoggerMessage</c> does, so a <see cref="ResilienceEvent"/> reads the same whoever
/// formats it: each <c>{Name}</c> placeholder takes the next property's value, <see langword="null"/> reads <c>(null)</c>,
/// a non-string sequence its items joined with <c>", "</c>, and <c>{{</c>/<c>}}</c> are literal braces.
/// </summary>
internal static class MessageTemplateFormatter
{
    private const string NullValue = "(null)";

    public static string Format(string template, KeyValuePair<string, object?>[] properties, IFormatProvider provider)
    {
        var builder = new StringBuilder(template.Length + (properties.Length * 16));
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                builder.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                builder.Append('}');
                i++;
            }
            else if (c == '{' && template.IndexOf('}', i + 1) is var end and > 0)
            {
                var placeholder = template.AsSpan(i + 1, end - i - 1);
                var colon = placeholder.IndexOf(':');
                var format = colon < 0 ? null : placeholder[(colon + 1)..].ToString();
                AppendValue(builder, next < properties.Length ? properties[next++].Value : null, format, provider);
                i = end;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void AppendValue(StringBuilder builder, object? value, string? format, IFormatProvider provider)
    {
        switch (value)
        {
            case null:
                builder.Append(NullValue);
                break;
            case string text:
                builder.Append(text);
                break;
            case IFormattable formattable:
                builder.Append(formattable.ToString(format, provider));
                break;
            case IEnumerable items:
                var first = true;
                foreach (var item in items)
                {
                    builder.Append(first ? string.Empty : ", ");
                    AppendValue(builder, item, format, provider);
                    first = false;
                }

                break;
            default:
                builder.Append(value);
                break;
        }
    }
}
