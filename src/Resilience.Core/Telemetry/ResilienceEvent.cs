using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Resilience.Telemetry.Internal;

namespace Resilience.Telemetry;

/// <summary>
/// One telemetry event of the library (a circuit opened, a retry, a timeout...), as a
/// <see cref="ResilienceTelemetryListener"/> receives it: what raised it, its stable id and name, its severity, and its
/// message as a template with named structured properties.
/// </summary>
/// <remarks>
/// <para>The id is one of the stable ids docs/observability.md lists (Core's 1xxx to 31xx, each package its own range); the template and the property names are stable, and are the
/// ones the library's logs use (<c>{OriginalFormat}</c> and the state's keys), so a listener can forward them to any
/// structured logging system.</para>
/// <para>No event carries an exception object or an exception message: those can carry URLs with query strings, user
/// info or headers. Events about exceptions name the exception's type in a property (<c>ErrorType</c>, or <c>Error</c>
/// for a retried outcome).</para>
/// <para>The default value (<c>default(ResilienceEvent)</c>) has empty strings and no properties; the library never raises it.</para>
/// <para>An event exists only for the duration of <see cref="ResilienceTelemetryListener.Write"/>; copy what you keep.</para>
/// </remarks>
[SuppressMessage("Performance", "CA1815", Justification = "An event is read, never compared.")]
public readonly struct ResilienceEvent
{
    private readonly string? _sourceName;
    private readonly string? _name;
    private readonly string? _messageTemplate;
    private readonly KeyValuePair<string, object?>[]? _properties;

    /// <summary>Initializes a new instance of the <see cref="ResilienceEvent"/> struct: for a stage outside this library
    /// that raises its own events through <see cref="ResilienceTelemetryListener.Raise"/>, or for testing a listener.</summary>
    /// <param name="source">The kind of component that raises the event.</param>
    /// <param name="sourceName">The component's name (the dependency it protects).</param>
    /// <param name="id">The event's stable id.</param>
    /// <param name="name">The event's stable name.</param>
    /// <param name="severity">The event's severity.</param>
    /// <param name="messageTemplate">The message with <c>{Name}</c> holes, one per property.</param>
    /// <param name="properties">The named values of the template's holes, in order; the event keeps the array.</param>
    public ResilienceEvent(
        ResilienceEventSource source,
        string sourceName,
        int id,
        string name,
        ResilienceEventSeverity severity,
        string messageTemplate,
        KeyValuePair<string, object?>[] properties)
    {
        Source = source;
        _sourceName = sourceName;
        Id = id;
        _name = name;
        Severity = severity;
        _messageTemplate = messageTemplate;
        _properties = properties;
    }

    /// <summary>Gets the kind of component that raised the event.</summary>
    public ResilienceEventSource Source { get; }

    /// <summary>Gets the name of the component that raised the event: the breaker's, retry's, timeout's or hedging stage's
    /// name, which names the dependency it protects.</summary>
    public string SourceName => _sourceName ?? string.Empty;

    /// <summary>Gets the event's stable id (docs/observability.md lists them).</summary>
    public int Id { get; }

    /// <summary>Gets the event's stable name (for example <c>CircuitOpened</c>), the <c>EventId.Name</c> of its log line.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>Gets how severe the event is.</summary>
    public ResilienceEventSeverity Severity { get; }

    /// <summary>Gets the message template, with a <c>{Name}</c> placeholder per property (for example
    /// <c>Circuit breaker '{CircuitBreakerName}' closed ({Reason}).</c>).</summary>
    public string MessageTemplate => _messageTemplate ?? string.Empty;

    /// <summary>Gets the structured properties, in the order of their placeholders in <see cref="MessageTemplate"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Properties => _properties ?? [];

    /// <summary>Renders <see cref="MessageTemplate"/> with the values of <see cref="Properties"/>, as the library's log lines
    /// read: values formatted with the invariant culture, <see langword="null"/> as <c>(null)</c>.</summary>
    /// <returns>The rendered message.</returns>
    public string FormatMessage() => MessageTemplateFormatter.Format(MessageTemplate, _properties ?? [], CultureInfo.InvariantCulture);

    /// <summary>Returns the rendered message (<see cref="FormatMessage"/>).</summary>
    /// <returns>The rendered message.</returns>
    public override string ToString() => FormatMessage();
}
