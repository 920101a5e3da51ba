using System.Text.Json;

namespace Backprop.Serialization;

/// <summary>
/// Reads Backprop's entries from a safetensors header's "__metadata__", where structured values are JSON
/// text inside strings. Every missing or malformed value becomes a <see cref="ModelFormatException"/> that
/// names the entry, so the readers built on it stay free of error plumbing.
/// </summary>
internal sealed class MetadataReader
{
    private readonly IReadOnlyDictionary<string, string> _entries;
    private readonly string _path;

    /// <summary>Reads the metadata of <paramref name="file"/>, which must have some.</summary>
    public MetadataReader(SafeTensorsFile file)
        : this(file.Path, file.Metadata ?? throw file.Error(
            "the header has no __metadata__, so this safetensors file was not written by Backprop and has no architecture to rebuild the network from"))
    {
    }

    /// <summary>Reads the same entries from another kind of file (an ONNX file's metadata_props), naming <paramref name="path"/> in errors.</summary>
    public MetadataReader(string path, IReadOnlyDictionary<string, string> entries) => (_path, _entries) = (path, entries);

    /// <summary>An error about the file.</summary>
    public ModelFormatException Error(string problem) => new(_path, problem);

    /// <summary>The entry <paramref name="key"/>, or null.</summary>
    public string? Optional(string key) => _entries.TryGetValue(key, out var value) ? value : null;

    /// <summary>The entry <paramref name="key"/>, which must be present.</summary>
    public string Required(string key) => Optional(key) ?? throw Error($"the metadata has no '{key}' entry");

    /// <summary>The entry <paramref name="key"/> parsed as JSON, or null when absent.</summary>
    public JsonElement? OptionalJson(string key)
    {
        if (Optional(key) is not { } text) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Error($"the metadata entry '{key}' is not valid JSON ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>The entry <paramref name="key"/> parsed as JSON, which must be present.</summary>
    public JsonElement RequiredJson(string key) => OptionalJson(key) ?? throw Error($"the metadata has no '{key}' entry");

    /// <summary>The property <paramref name="name"/> of the object <paramref name="element"/>, described as <paramref name="what"/> in errors.</summary>
    public JsonElement Property(JsonElement element, string name, string what) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw Error($"{what} has no '{name}'");

    /// <summary>The object <paramref name="element"/>, or an error if it is something else.</summary>
    public JsonElement Object(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Error($"{what} is not a JSON object");

    /// <summary>The items of the array <paramref name="element"/>.</summary>
    public List<JsonElement> Array(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToList() : throw Error($"{what} is not a JSON array");

    /// <summary>A string.</summary>
    public string String(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Error($"{what} is not a string");

    /// <summary>A boolean.</summary>
    public bool Bool(JsonElement element, string what) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"{what} is not true or false"),
    };

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long Integer(JsonElement element, string what, long min = 0, long max = long.MaxValue) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long value) && value >= min && value <= max
            ? value
            : throw Error($"{what} is not a whole number from {min:N0} to {max:N0}");

    /// <summary>A finite number (JSON has no NaN or infinity, so any number read is finite).</summary>
    public double Number(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out double value) && double.IsFinite(value)
            ? value
            : throw Error($"{what} is not a finite number");

    /// <summary>An array of finite numbers.</summary>
    public double[] Numbers(JsonElement element, string what) =>
        Array(element, what).Select((e, i) => Number(e, $"{what}[{i}]")).ToArray();

    /// <summary>An array of strings.</summary>
    public string[] Strings(JsonElement element, string what) =>
        Array(element, what).Select((e, i) => String(e, $"{what}[{i}]")).ToArray();
}
