namespace Resilience.A2A;

/// <summary>
/// JSON-RPC error codes: the standard ones and those A2A defines. Other codes a peer sends are kept as
/// their numeric value.
/// </summary>
#pragma warning disable CA1027 // Not a flags enum: the values are the wire codes.
public enum A2AErrorCode
#pragma warning restore CA1027
{
    /// <summary>-32700: the peer could not parse the request JSON.</summary>
    ParseError = -32700,

    /// <summary>-32600: the request was not a valid JSON-RPC request.</summary>
    InvalidRequest = -32600,

    /// <summary>-32601: the method does not exist (or not in the protocol version the request announced).</summary>
    MethodNotFound = -32601,

    /// <summary>-32602: the parameters were invalid.</summary>
    InvalidParams = -32602,

    /// <summary>-32603: an internal error of the agent; the only JSON-RPC error treated as transient.</summary>
    InternalError = -32603,

    /// <summary>-32001: the task does not exist (or no longer).</summary>
    TaskNotFound = -32001,

    /// <summary>-32002: the task cannot be canceled in its current state.</summary>
    TaskNotCancelable = -32002,

    /// <summary>-32003: the agent does not support push notifications.</summary>
    PushNotificationNotSupported = -32003,

    /// <summary>-32004: the agent does not support the operation.</summary>
    UnsupportedOperation = -32004,

    /// <summary>-32005: a content type of the request is not supported.</summary>
    ContentTypeNotSupported = -32005,

    /// <summary>-32006: the agent produced an invalid response.</summary>
    InvalidAgentResponse = -32006,

    /// <summary>-32007: the authenticated extended agent card is not configured.</summary>
    ExtendedAgentCardNotConfigured = -32007,

    /// <summary>-32008 (v1.0): the agent requires an extension the client did not declare.</summary>
    ExtensionSupportRequired = -32008,

    /// <summary>-32009 (v1.0): the agent does not support the requested protocol version.</summary>
    VersionNotSupported = -32009,
}
