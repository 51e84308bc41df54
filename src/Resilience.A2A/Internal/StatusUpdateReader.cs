using System.Text.Json;

namespace Resilience.A2A.Internal;

/// <summary>
/// Reads the commonest event of a long stream, a status update whose status has no message, straight from the event's
/// UTF-8 bytes to its <see cref="A2AStreamEvent"/>: no wire objects, no serializer frames, no strings for the version,
/// the id, the state or the timestamp, and the previous event's task and context id strings again when the bytes are the
/// same. One stream, one event at a time.
/// </summary>
/// <remarks>
/// It only ever accepts what the general path (the serializer, <see cref="JsonRpcCodec"/> and <see cref="WireMapper"/>)
/// would read to the same event: the v1.0 <c>{"statusUpdate":{...}}</c> result, or the <c>kind: status-update</c> result
/// of either version, with <c>jsonrpc</c> "2.0", the request's id, no error, metadata absent, null or empty, and nothing
/// else. Anything else (another shape, an error, an unknown or repeated property, an escaped string, a status message,
/// malformed JSON) returns <see langword="null"/>, and the general path reads the event and reports what is wrong with it.
/// </remarks>
internal sealed class StatusUpdateReader(string requestId, A2AProtocolVersion version)
{
    // A state or timestamp longer than this is decoded by the general path (no known state or ISO 8601 form is).
    private const int MaxShortText = 64;

    private string? _taskId;
    private string? _contextId;

    /// <summary>Reads one event's data, or returns <see langword="null"/> when the general path must read it.</summary>
    /// <returns>The event, or <see langword="null"/>.</returns>
    public A2AStreamEvent? TryRead(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            return ReadEnvelope(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Malformed JSON or text: the general path reads it again and reports it as the serializer does.
            return null;
        }
    }

    private A2AStreamEvent? ReadEnvelope(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var versionSeen = false;
        var idSeen = false;
        A2AStreamEvent? read = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped)
        {
            if (reader.ValueTextEquals("jsonrpc"u8) && !versionSeen)
            {
                versionSeen = true;
                if (!reader.Read() || !IsPlainString(ref reader) || !reader.ValueTextEquals("2.0"u8))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("id"u8) && !idSeen)
            {
                idSeen = true;
                if (!reader.Read() || !IsPlainString(ref reader) || !reader.ValueTextEquals(requestId))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("result"u8) && read is null)
            {
                if (!reader.Read() || (read = ReadResult(ref reader)) is null)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }

        // The whole data must be this one object: a trailing token makes Read return true (or throw).
        return reader.TokenType == JsonTokenType.EndObject && versionSeen && idSeen && read is not null && !reader.Read() ? read : null;
    }

    /// <summary>Reads the result: the v1.0 wrapper alone, or the flat <c>kind: status-update</c> fields alone.</summary>
    private A2AStreamEvent? ReadResult(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var kindSeen = false;
        A2AStreamEvent? wrapped = null;
        var flat = default(Fields);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped)
        {
            if (reader.ValueTextEquals("statusUpdate"u8) && wrapped is null)
            {
                // v1.0 only: a v0.3 result without a kind has no known shape.
                if (version != A2AProtocolVersion.V1 || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                var fields = default(Fields);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!ReadField(ref reader, ref fields, final: false))
                    {
                        return null;
                    }
                }

                if ((wrapped = fields.ToEvent()) is null)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("kind"u8) && !kindSeen)
            {
                kindSeen = true;
                if (!reader.Read() || !IsPlainString(ref reader) || !reader.ValueTextEquals("status-update"u8))
                {
                    return null;
                }
            }
            else if (!ReadField(ref reader, ref flat, final: true))
            {
                return null;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return null;
        }

        // Mixed shapes go to the general path, which decides between them by the kind and the version.
        return wrapped is not null
            ? (kindSeen || flat.Any ? null : wrapped)
            : (kindSeen ? flat.ToEvent() : null);
    }

    /// <summary>Reads one property of a status update into <paramref name="fields"/>; <see langword="false"/> when it is not one the fast path takes.</summary>
    private bool ReadField(ref Utf8JsonReader reader, ref Fields fields, bool final)
    {
        if (reader.ValueIsEscaped)
        {
            return false;
        }

        if (reader.ValueTextEquals("taskId"u8) && !fields.TaskIdSeen)
        {
            fields.TaskIdSeen = true;
            return reader.Read() && ReadId(ref reader, ref _taskId, out fields.TaskId);
        }

        if (reader.ValueTextEquals("contextId"u8) && !fields.ContextIdSeen)
        {
            fields.ContextIdSeen = true;
            return reader.Read() && ReadId(ref reader, ref _contextId, out fields.ContextId);
        }

        if (reader.ValueTextEquals("status"u8) && fields.Status is null)
        {
            return reader.Read() && (fields.Status = ReadStatus(ref reader)) is not null;
        }

        if (reader.ValueTextEquals("metadata"u8) && !fields.MetadataSeen)
        {
            // Only no metadata: null or {} (the SDK sends {} on every update).
            fields.MetadataSeen = true;
            return reader.Read()
                && (reader.TokenType == JsonTokenType.Null
                    || (reader.TokenType == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.EndObject));
        }

        if (final && reader.ValueTextEquals("final"u8) && !fields.FinalSeen)
        {
            // v0.3's flag; the event's finality comes from its state, as on the general path.
            fields.FinalSeen = true;
            return reader.Read() && reader.TokenType is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;
        }

        return false;
    }

    private static A2ATaskStatus? ReadStatus(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var state = A2ATaskState.Unknown;
        DateTimeOffset? timestamp = null;
        bool stateSeen = false, timestampSeen = false, messageSeen = false;
        Span<char> text = stackalloc char[MaxShortText];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped)
        {
            if (reader.ValueTextEquals("state"u8) && !stateSeen)
            {
                stateSeen = true;
                if (!reader.Read() || !TryReadShortText(ref reader, text, out var length))
                {
                    return null;
                }

                state = WireMapper.ParseState(text[..length]);
            }
            else if (reader.ValueTextEquals("timestamp"u8) && !timestampSeen)
            {
                timestampSeen = true;
                if (!reader.Read() || !TryReadShortText(ref reader, text, out var length))
                {
                    return null;
                }

                timestamp = WireMapper.ParseTimestamp(text[..length]);
            }
            else if (reader.ValueTextEquals("message"u8) && !messageSeen)
            {
                // A status message is read by the general path; only its absence is taken here.
                messageSeen = true;
                if (!reader.Read() || reader.TokenType != JsonTokenType.Null)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? new A2ATaskStatus { State = state, Timestamp = timestamp } : null;
    }

    /// <summary>Reads a string (or null, as no text) of at most <see cref="MaxShortText"/> characters into <paramref name="text"/>.</summary>
    private static bool TryReadShortText(ref Utf8JsonReader reader, scoped Span<char> text, out int length)
    {
        length = 0;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (!IsPlainString(ref reader) || reader.ValueSpan.Length > text.Length)
        {
            return false;
        }

        length = reader.CopyString(text);
        return true;
    }

    /// <summary>Reads an id (or null), reusing <paramref name="previous"/> when its text is the same.</summary>
    private static bool ReadId(ref Utf8JsonReader reader, ref string? previous, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (!IsPlainString(ref reader))
        {
            return false;
        }

        if (previous is null || !reader.ValueTextEquals(previous))
        {
            previous = reader.GetString();
        }

        value = previous;
        return true;
    }

    private static bool IsPlainString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence;

    /// <summary>The fields of one status update as they are read.</summary>
    private struct Fields
    {
        public string? TaskId;
        public string? ContextId;
        public A2ATaskStatus? Status;
        public bool TaskIdSeen;
        public bool ContextIdSeen;
        public bool MetadataSeen;
        public bool FinalSeen;

        public readonly bool Any => TaskIdSeen || ContextIdSeen || Status is not null || MetadataSeen || FinalSeen;

        /// <summary>Returns the event, or <see langword="null"/> when the general path must decide (no task id, no status).</summary>
        public readonly A2AStreamEvent? ToEvent() =>
            string.IsNullOrEmpty(TaskId) || Status is null
                ? null
                : new A2AStreamEvent
                {
                    Kind = A2AStreamEventKind.StatusUpdate,
                    TaskId = TaskId,
                    ContextId = string.IsNullOrEmpty(ContextId) ? null : ContextId,
                    Status = Status,
                };
    }
}
