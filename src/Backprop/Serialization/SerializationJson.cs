using System.Text.Json.Serialization;

namespace Backprop.Serialization;

/// <summary>A layer as the "layers" metadata entry writes it; fields a type does not use are left out.</summary>
internal sealed record LayerEntry(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Units = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Bias = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Alpha = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Filters = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Kernel = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Stride = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Padding = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Rate = null);

/// <summary>
/// The JSON written into metadata entries, generated at compile time so that it works in trimmed and
/// native-AOT applications, where reflection-based serialization is off. Doubles are written in their
/// shortest round-trip form, so they read back bit for bit.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    // A validation loss can be NaN; JSON has no literal for it, so write "NaN" rather than fail.
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CheckpointState))]
[JsonSerializable(typeof(LayerEntry[]))]
[JsonSerializable(typeof(Normalization))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Data.TargetScaling))]
internal sealed partial class SerializationJson : JsonSerializerContext;
