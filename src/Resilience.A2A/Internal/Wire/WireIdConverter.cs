using System.Text.Json;
using System.Text.Json.Serialization;

namespace Resilience.A2A.Internal.Wire;

/// <summary>Reads a <see cref="WireId"/>: strings keep their text; numbers and other values only their kind.</summary>
internal sealed class WireIdConverter : JsonConverter<WireId>
{
    public override WireId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new WireId(JsonValueKind.String, reader.GetString());
            case JsonTokenType.Null:
                return new WireId(JsonValueKind.Null, null);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return new WireId(JsonValueKind.Object, null);
            default:
                return new WireId(JsonValueKind.Number, null);
        }
    }

    public override void Write(Utf8JsonWriter writer, WireId value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Response ids are only read.");
}
