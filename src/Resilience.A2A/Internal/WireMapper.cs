using System.Globalization;
using System.Text.Json;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A.Internal;

/// <summary>
/// Translates between the public model and the wire shapes of both protocol versions, and rejects results of no known
/// shape with a protocol error whose message says what was wrong (callers add the method with <see cref="Read"/>). Stateless.
/// </summary>
internal static class WireMapper
{
    /// <summary>Runs a read, turning its shape errors into protocol errors that name the method.</summary>
    /// <returns>What <paramref name="read"/> returned.</returns>
    public static T Read<T>(Func<T> read, string method)
    {
        try
        {
            return read();
        }
        catch (A2AException ex) when (ex.Method is null)
        {
            throw A2AErrors.Protocol(ex.Message, method, ex);
        }
    }

    /// <summary>Reads one stream event; shape errors become protocol errors that name <paramref name="method"/>.</summary>
    /// <returns>The event.</returns>
    public static A2AStreamEvent ReadEvent(WireResult result, A2AProtocolVersion version, string method)
    {
        try
        {
            return ReadEvent(result, version);
        }
        catch (A2AException ex) when (ex.Method is null)
        {
            throw A2AErrors.Protocol(ex.Message, method, ex);
        }
    }

    public static WireMessage ToWire(A2AMessage message, A2AProtocolVersion version)
    {
        var v03 = version == A2AProtocolVersion.V03;
        var parts = new List<WirePart>(message.Parts.Count);
        foreach (var part in message.Parts)
        {
            parts.Add(ToWire(part, v03));
        }

        return new WireMessage
        {
            Kind = v03 ? "message" : null,
            MessageId = message.MessageId,
            Role = message.Role switch
            {
                A2ARole.Agent => v03 ? "agent" : "ROLE_AGENT",
                _ => v03 ? "user" : "ROLE_USER",
            },
            Parts = parts,
            ContextId = message.ContextId,
            TaskId = message.TaskId,
            Metadata = ToWire(message.Metadata),
            Extensions = message.Extensions.Count == 0 ? null : [.. message.Extensions],
            ReferenceTaskIds = message.ReferenceTaskIds.Count == 0 ? null : [.. message.ReferenceTaskIds],
        };
    }

    private static Dictionary<string, JsonElement>? ToWire(IReadOnlyDictionary<string, JsonElement> metadata) =>
        metadata.Count == 0 ? null : new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, JsonElement> Metadata(Dictionary<string, JsonElement>? metadata) =>
        metadata is null || metadata.Count == 0 ? A2AJson.EmptyMetadata : metadata;

    private static WirePart ToWire(A2APart part, bool v03)
    {
        var wire = ToWireContent(part, v03);
        wire.Metadata = ToWire(part.Metadata);
        return wire;
    }

    private static WirePart ToWireContent(A2APart part, bool v03)
    {
        var bytes = part.Bytes is { } b ? Convert.ToBase64String(b.Span) : null;
        return (part.Kind, v03) switch
        {
            (A2APartKind.Text, true) => new WirePart { Kind = "text", Text = part.Text ?? string.Empty },
            (A2APartKind.Text, false) => new WirePart { Text = part.Text ?? string.Empty, MediaType = part.MediaType },
            (A2APartKind.Data, true) => new WirePart { Kind = "data", Data = part.Data },
            (A2APartKind.Data, false) => new WirePart { Data = part.Data, MediaType = part.MediaType },
            (_, true) => new WirePart { Kind = "file", File = new WireFile { Bytes = bytes, Uri = part.Url, MimeType = part.MediaType, Name = part.FileName } },
            _ => new WirePart { Raw = bytes, Url = bytes is null ? part.Url : null, MediaType = part.MediaType, Filename = part.FileName },
        };
    }

    /// <summary>Reads the result of <c>GetTask</c>/<c>CancelTask</c>: a task (bare in v1.0, <c>kind: task</c> in v0.3).</summary>
    public static A2ATask ReadTask(WireResult result)
    {
        if (result.Kind is null or "task" && result.Id is not null && result.Status is not null && result.Task is null && result.Message is null)
        {
            return ToTask(Flatten(result));
        }

        throw Unknown("a task");
    }

    /// <summary>Reads the result of <c>ListTasks</c>: a page of tasks, refusing one with more than <paramref name="limit"/> (the page size asked for).</summary>
    public static A2ATaskPage ReadTaskPage(WireResult result, int limit)
    {
        if (result.Tasks is not { } tasks)
        {
            throw Unknown("a page with tasks");
        }

        if (tasks.Count > limit)
        {
            throw new A2AException($"the agent listed {tasks.Count} tasks in one page, more than the page size of {limit}", A2AErrorKind.Protocol);
        }

        return new A2ATaskPage
        {
            Tasks = tasks.Select(ToTask).ToArray(),
            NextPageToken = NullIfEmpty(result.NextPageToken),
            PageSize = result.PageSize,
            TotalSize = result.TotalSize,
        };
    }

    /// <summary>Writes a task state in its v1.0 form (<c>TASK_STATE_COMPLETED</c>).</summary>
    public static string ToWireState(A2ATaskState state) => state switch
    {
        A2ATaskState.Submitted => "TASK_STATE_SUBMITTED",
        A2ATaskState.Working => "TASK_STATE_WORKING",
        A2ATaskState.InputRequired => "TASK_STATE_INPUT_REQUIRED",
        A2ATaskState.AuthRequired => "TASK_STATE_AUTH_REQUIRED",
        A2ATaskState.Completed => "TASK_STATE_COMPLETED",
        A2ATaskState.Canceled => "TASK_STATE_CANCELED",
        A2ATaskState.Failed => "TASK_STATE_FAILED",
        A2ATaskState.Rejected => "TASK_STATE_REJECTED",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "No wire form."),
    };

    /// <summary>Reads the result of a send: a task or a message.</summary>
    public static A2ASendResult ReadSendResult(WireResult result, A2AProtocolVersion version)
    {
        var e = ReadEvent(result, version);
        return e.Kind switch
        {
            A2AStreamEventKind.Task => new A2ASendResult { Task = e.Task },
            A2AStreamEventKind.Message => new A2ASendResult { Message = e.Message },
            _ => throw Unknown("a task or a message"),
        };
    }

    /// <summary>Reads one stream event: a task, a message, a status update or an artifact update.</summary>
    public static A2AStreamEvent ReadEvent(WireResult result, A2AProtocolVersion version)
    {
        if (result.Kind is null && version == A2AProtocolVersion.V1)
        {
            var present = (result.Task is null ? 0 : 1) + (result.Message is null ? 0 : 1)
                + (result.StatusUpdate is null ? 0 : 1) + (result.ArtifactUpdate is null ? 0 : 1);
            if (present != 1)
            {
                throw Unknown("exactly one of task, message, statusUpdate, artifactUpdate");
            }

            if (result.Task is { } task)
            {
                return TaskEvent(ToTask(task));
            }

            if (result.Message is { } message)
            {
                return MessageEvent(ToMessage(message));
            }

            var update = result.StatusUpdate ?? result.ArtifactUpdate!;
            return result.StatusUpdate is not null
                ? StatusEvent(update.TaskId, update.ContextId, update.Status, update.Metadata)
                : ArtifactEvent(update.TaskId, update.ContextId, update.Artifact, update.Append, update.LastChunk, update.Metadata);
        }

        return result.Kind switch
        {
            "task" => TaskEvent(ToTask(Flatten(result))),
            "message" => MessageEvent(ToMessage(new WireMessage
            {
                MessageId = result.MessageId,
                Role = result.Role,
                Parts = result.Parts,
                ContextId = result.ContextId,
                TaskId = result.TaskId,
                Metadata = result.Metadata,
                Extensions = result.Extensions,
                ReferenceTaskIds = result.ReferenceTaskIds,
            })),
            "status-update" => StatusEvent(result.TaskId, result.ContextId, result.Status, result.Metadata),
            "artifact-update" => ArtifactEvent(result.TaskId, result.ContextId, result.Artifact, result.Append, result.LastChunk, result.Metadata),
            _ => throw Unknown("a result with a known kind"),
        };
    }

    private static A2AStreamEvent TaskEvent(A2ATask task) =>
        new() { Kind = A2AStreamEventKind.Task, Task = task, TaskId = task.Id, ContextId = task.ContextId, Status = task.Status, Metadata = task.Metadata };

    private static A2AStreamEvent MessageEvent(A2AMessage message) => new()
    {
        Kind = A2AStreamEventKind.Message,
        Message = message,
        TaskId = message.TaskId,
        ContextId = message.ContextId,
        Metadata = message.Metadata,
    };

    private static A2AStreamEvent StatusEvent(string? taskId, string? contextId, WireStatus? status, Dictionary<string, JsonElement>? metadata) => new()
    {
        Kind = A2AStreamEventKind.StatusUpdate,
        TaskId = RequireText(taskId, "statusUpdate.taskId"),
        ContextId = NullIfEmpty(contextId),
        Status = ToStatus(status ?? throw Unknown("a status update with a status")),
        Metadata = Metadata(metadata),
    };

    private static A2AStreamEvent ArtifactEvent(
        string? taskId, string? contextId, WireArtifact? artifact, bool? append, bool? lastChunk, Dictionary<string, JsonElement>? metadata) => new()
    {
        Kind = A2AStreamEventKind.ArtifactUpdate,
        TaskId = RequireText(taskId, "artifactUpdate.taskId"),
        ContextId = NullIfEmpty(contextId),
        Artifact = ToArtifact(artifact ?? throw Unknown("an artifact update with an artifact")),
        Append = append == true,
        LastChunk = lastChunk == true,
        Metadata = Metadata(metadata),
    };

    private static WireTask Flatten(WireResult r) =>
        new() { Id = r.Id, ContextId = r.ContextId, Status = r.Status, Artifacts = r.Artifacts, History = r.History, Metadata = r.Metadata };

    /// <summary>Reads one task of a list (a v1.0 task, or a v0.3 one with <c>kind: task</c>).</summary>
    /// <returns>The task.</returns>
    public static A2ATask ToTask(WireTask task) => new()
    {
        Id = RequireText(task.Id, "task.id"),
        ContextId = NullIfEmpty(task.ContextId),
        Status = ToStatus(task.Status ?? throw Unknown("a task with a status")),
        Artifacts = task.Artifacts?.Select(ToArtifact).ToArray() ?? [],
        History = task.History?.Select(ToMessage).ToArray() ?? [],
        Metadata = Metadata(task.Metadata),
    };

    private static A2ATaskStatus ToStatus(WireStatus status) => new()
    {
        State = ParseState(status.State),
        Message = status.Message is null ? null : ToMessage(status.Message),
        Timestamp = ParseTimestamp(status.Timestamp),
    };

    private static A2AArtifact ToArtifact(WireArtifact artifact) => new()
    {
        ArtifactId = artifact.ArtifactId ?? string.Empty,
        Name = NullIfEmpty(artifact.Name),
        Description = NullIfEmpty(artifact.Description),
        Parts = ToParts(artifact.Parts),
        Metadata = Metadata(artifact.Metadata),
        Extensions = artifact.Extensions?.ToArray() ?? [],
    };

    private static A2AMessage ToMessage(WireMessage message) => new()
    {
        MessageId = RequireText(message.MessageId, "message.messageId"),
        Role = message.Role switch
        {
            "user" or "ROLE_USER" => A2ARole.User,
            "agent" or "ROLE_AGENT" => A2ARole.Agent,
            _ => A2ARole.Unspecified,
        },
        Parts = ToParts(message.Parts),
        ContextId = NullIfEmpty(message.ContextId),
        TaskId = NullIfEmpty(message.TaskId),
        Metadata = Metadata(message.Metadata),
        Extensions = message.Extensions?.ToArray() ?? [],
        ReferenceTaskIds = message.ReferenceTaskIds?.ToArray() ?? [],
    };

    private static A2APart[] ToParts(List<WirePart>? parts) => parts?.Select(ToPart).ToArray() ?? [];

    private static A2APart ToPart(WirePart part)
    {
        var metadata = Metadata(part.Metadata);
        if (part.Kind is not null)
        {
            return part.Kind switch
            {
                "text" => new A2APart { Metadata = metadata, Kind = A2APartKind.Text, Text = part.Text ?? string.Empty },
                "data" => new A2APart { Metadata = metadata, Kind = A2APartKind.Data, Data = part.Data },
                "file" when part.File is { } f => new A2APart
                {
                    Metadata = metadata,
                    Kind = A2APartKind.File,
                    Bytes = f.Bytes is null ? null : Base64(f.Bytes),
                    Url = f.Uri,
                    MediaType = f.MimeType,
                    FileName = f.Name,
                },
                _ => throw Unknown("a part of kind text, file or data"),
            };
        }

        var media = NullIfEmpty(part.MediaType);
        var name = NullIfEmpty(part.Filename);
        if (part.Text is not null)
        {
            return new A2APart { Metadata = metadata, Kind = A2APartKind.Text, Text = part.Text, MediaType = media };
        }

        if (part.Raw is not null || part.Url is not null)
        {
            return new A2APart { Metadata = metadata, Kind = A2APartKind.File, Bytes = part.Raw is null ? null : Base64(part.Raw), Url = part.Url, MediaType = media, FileName = name };
        }

        return part.Data is { } data
            ? new A2APart { Metadata = metadata, Kind = A2APartKind.Data, Data = data, MediaType = media }
            : throw Unknown("a part with text, raw, url or data");
    }

    private static ReadOnlyMemory<byte> Base64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new A2AException("a file part's bytes are not valid base64", A2AErrorKind.Protocol, ex);
        }
    }

    /// <summary>Reads a task state in either version's form; anything else (or nothing) is <see cref="A2ATaskState.Unknown"/>.</summary>
    /// <returns>The state.</returns>
    public static A2ATaskState ParseState(ReadOnlySpan<char> state) => state switch
    {
        "submitted" or "TASK_STATE_SUBMITTED" => A2ATaskState.Submitted,
        "working" or "TASK_STATE_WORKING" => A2ATaskState.Working,
        "input-required" or "TASK_STATE_INPUT_REQUIRED" => A2ATaskState.InputRequired,
        "auth-required" or "TASK_STATE_AUTH_REQUIRED" => A2ATaskState.AuthRequired,
        "completed" or "TASK_STATE_COMPLETED" => A2ATaskState.Completed,
        "canceled" or "TASK_STATE_CANCELED" => A2ATaskState.Canceled,
        "failed" or "TASK_STATE_FAILED" => A2ATaskState.Failed,
        "rejected" or "TASK_STATE_REJECTED" => A2ATaskState.Rejected,
        _ => A2ATaskState.Unknown,
    };

    /// <summary>Reads a status timestamp (ISO 8601); one that does not parse (or none) is <see langword="null"/>.</summary>
    /// <returns>The timestamp, or <see langword="null"/>.</returns>
    public static DateTimeOffset? ParseTimestamp(ReadOnlySpan<char> timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null;

    private static string RequireText(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw Unknown($"a non-empty {field}") : value;

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Returns the protocol error of a result of no known shape; <see cref="Read"/> adds the method.</summary>
    /// <returns>The error, to throw.</returns>
    public static A2AException Unknown(string expected) =>
        new($"the result has an unknown shape, expected {expected}", A2AErrorKind.Protocol);
}
