using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;

namespace Backprop.Serialization;

/// <summary>One tensor's entry in a safetensors header; offsets count from the first byte after the header.</summary>
internal sealed record TensorEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// A safetensors file read and checked as a container: the header is valid JSON, every tensor's dtype, shape
/// and data offsets agree, the tensors tile the data without gaps or overlaps, and the file holds exactly
/// that many bytes. What the tensors mean is for the caller; every problem is a <see cref="ModelFormatException"/>.
/// </summary>
internal sealed class SafeTensorsFile
{
    /// <summary>Headers of real models are kilobytes; a length beyond this means the file is not safetensors.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private readonly byte[] _data;

    private SafeTensorsFile(string path, IReadOnlyDictionary<string, string>? metadata, List<TensorEntry> tensors, byte[] data)
    {
        Path = path;
        Metadata = metadata;
        Tensors = tensors.ToDictionary(t => t.Name);
        _data = data;
    }

    /// <summary>The file's path, as given.</summary>
    public string Path { get; }

    /// <summary>The "__metadata__" object, or null when the header has none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, TensorEntry> Tensors { get; }

    /// <summary>An error about this file.</summary>
    public ModelFormatException Error(string problem, Exception? inner = null) => new(Path, problem, inner);

    /// <summary>Reads and checks the file at <paramref name="path"/>.</summary>
    public static SafeTensorsFile Read(string path)
    {
        if (Directory.Exists(path)) throw new ModelFormatException(path, "this is a folder, not a model file");
        if (!File.Exists(path)) throw new ModelFormatException(path, "the file does not exist");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Read(path, stream);
        }
        catch (IOException e) { throw new ModelFormatException(path, $"the file cannot be read: {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new ModelFormatException(path, $"the file cannot be read: {e.Message}", e); }
    }

    private static SafeTensorsFile Read(string path, FileStream stream)
    {
        long length = stream.Length;
        if (length < 8)
            throw new ModelFormatException(path, $"the file is too short to be a model file: it has {length} bytes, but a safetensors file starts with an 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw new ModelFormatException(path, $"the header length is {headerLength:N0} bytes, which is absurd: this is not a safetensors model file, or its first 8 bytes are damaged");
        if ((long)headerLength > length - 8)
            throw new ModelFormatException(path, $"the file is truncated: the header length says {headerLength:N0} bytes but only {length - 8:N0} follow");

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var (metadata, tensors) = ParseHeader(path, header);
        long dataLength = length - 8 - (long)headerLength;
        CheckLayout(path, tensors, dataLength);
        if (dataLength > Array.MaxLength)
            throw new ModelFormatException(path, $"the tensors take {dataLength:N0} bytes; files with more than {Array.MaxLength:N0} bytes of tensors are not supported");
        var data = new byte[dataLength];
        stream.ReadExactly(data);
        return new SafeTensorsFile(path, metadata, tensors, data);
    }

    /// <summary>Where the JSON object at the start of <paramref name="header"/> ends, or null when it does not parse as one.</summary>
    private static long? JsonEnd(byte[] header)
    {
        try
        {
            var reader = new Utf8JsonReader(header);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.TrySkip()) return null;
            return reader.BytesConsumed;
        }
        catch (JsonException) { return null; }
    }

    private static (Dictionary<string, string>? Metadata, List<TensorEntry> Tensors) ParseHeader(string path, byte[] header)
    {
        // A header length that is too big takes in tensor bytes after the JSON: say that, rather than "not UTF-8".
        if (JsonEnd(header) is long end && header.AsSpan((int)end).IndexOfAnyExcept((byte)' ') >= 0)
            throw new ModelFormatException(path, $"the header length in the first 8 bytes says {header.Length:N0} bytes, but the header's JSON ends after {end:N0}: the length is wrong or the file is damaged");
        // The JSON parser checks UTF-8 only where it decodes, so a bad byte inside a name would surface later as an InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(header))
            throw new ModelFormatException(path, "the header is not valid UTF-8 text");
        JsonDocument document;
        try { document = JsonDocument.Parse(header); }
        catch (JsonException e) { throw new ModelFormatException(path, $"the header is not valid JSON ({OneLine(e.Message)})", e); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(path, $"the header is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object mapping tensor names to their entries");
            Dictionary<string, string>? metadata = null;
            var tensors = new List<TensorEntry>();
            var seen = new HashSet<string>();
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new ModelFormatException(path, $"the header names '{property.Name}' twice");
                if (property.Name == "__metadata__") metadata = ParseMetadata(path, property.Value);
                else tensors.Add(ParseTensor(path, property.Name, property.Value));
            }
            return (metadata, tensors);
        }
    }

    private static Dictionary<string, string> ParseMetadata(string path, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(path, "the header's __metadata__ is not an object");
        var metadata = new Dictionary<string, string>();
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw new ModelFormatException(path, $"the metadata entry '{entry.Name}' is not a string (safetensors metadata maps strings to strings)");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw new ModelFormatException(path, $"the metadata names '{entry.Name}' twice");
        }
        return metadata;
    }

    private static TensorEntry ParseTensor(string path, string name, JsonElement element)
    {
        ModelFormatException Bad(string problem) => new(path, $"the tensor '{name}' {problem}");
        if (element.ValueKind != JsonValueKind.Object) throw Bad("is not described by an object with dtype, shape and data_offsets");
        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad("has no dtype string");
        string dtype = dtypeElement.GetString()!;
        int size = TensorCodec.ElementSize(dtype);
        if (size == 0) throw Bad($"has the unknown dtype '{dtype}'");
        if (!element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Bad("has no shape array");
        var shape = new long[shapeElement.GetArrayLength()];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (!shapeElement[i].TryGetInt64(out shape[i]) || shape[i] < 0)
                throw Bad("has a shape that is not a list of whole numbers of zero or more");
            if (shape[i] != 0 && count > long.MaxValue / size / shape[i]) throw Bad("has an impossibly large shape");
            count *= shape[i];
        }
        if (!element.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw Bad("has data_offsets that are not two whole numbers [begin, end] with 0 ≤ begin ≤ end");
        if (end - begin != count * size)
            throw Bad($"has shape [{string.Join(", ", shape)}] of {dtype}, which is {count * size:N0} bytes, but its data_offsets [{begin}, {end}] span {end - begin:N0} bytes");
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    /// <summary>Safetensors stores the tensors back to back: they must cover the data exactly once.</summary>
    private static void CheckLayout(string path, List<TensorEntry> tensors, long dataLength)
    {
        long needed = tensors.Count == 0 ? 0 : tensors.Max(t => t.End);
        if (needed > dataLength)
            throw new ModelFormatException(path, $"the file is truncated: the header says {needed:N0} bytes of tensors but only {dataLength:N0} follow");
        long position = 0;
        TensorEntry? previous = null;
        foreach (var t in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (t.Begin < position)
                throw new ModelFormatException(path, $"the tensors '{previous!.Name}' and '{t.Name}' overlap: their data_offsets are [{previous.Begin}, {previous.End}] and [{t.Begin}, {t.End}]");
            if (t.Begin > position)
                throw new ModelFormatException(path, $"there is a gap of {t.Begin - position:N0} bytes before the tensor '{t.Name}' (safetensors stores tensors back to back)");
            position = t.End;
            previous = t;
        }
        if (dataLength > position)
            throw new ModelFormatException(path, $"there are {dataLength - position:N0} bytes after the last tensor that no tensor owns (the file was damaged or appended to)");
    }

    /// <summary>
    /// The values of the tensor <paramref name="name"/>, checked to exist, to have the dtype of
    /// <typeparamref name="T"/> and the given shape, and (for floating point) to be finite.
    /// </summary>
    public T[] Values<T>(string name, params long[] shape) where T : unmanaged
    {
        if (!Tensors.TryGetValue(name, out var entry)) throw Error($"the tensor '{name}' is missing");
        string dtype = TensorCodec.DType<T>();
        if (entry.DType != dtype)
            throw Error($"the tensor '{name}' is {entry.DType} but the model's numbers are {dtype}");
        if (!entry.Shape.SequenceEqual(shape))
            throw Error($"the tensor '{name}' has shape [{string.Join(", ", entry.Shape)}] but the architecture needs [{string.Join(", ", shape)}]");
        var values = TensorCodec.Decode<T>(_data.AsSpan((int)entry.Begin, (int)(entry.End - entry.Begin)));
        if (values is float[] floats) CheckFinite(name, floats);
        else if (values is double[] doubles) CheckFinite(name, doubles);
        return values;
    }

    private void CheckFinite<T>(string name, T[] values) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i]))
                throw Error($"the tensor '{name}' holds {(T.IsNaN(values[i]) ? "NaN" : "an infinite value")} at index {i}; a saved model's weights are always finite");
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
