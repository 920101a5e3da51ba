using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Backprop.Serialization;

namespace Backprop.Tests;

/// <summary>
/// Every way a model file can be wrong gives one ModelFormatException naming the file and the problem.
/// The base file is the 3-4-2 classifier in float32: layers.0.W [3, 4] at bytes 0–48, layers.0.b [1, 4] at
/// 48–64, layers.2.W [4, 2] at 64–96, layers.2.b [1, 2] at 96–104.
/// </summary>
public sealed class ModelFileErrorTests : IDisposable
{
    private readonly ScratchFolder _folder = new();
    private readonly byte[] _good;

    public ModelFileErrorTests()
    {
        string path = Path.Combine(_folder.Path, "good.safetensors");
        SampleModels.Classifier<float>().Save(path, SampleModels.Metadata);
        _good = File.ReadAllBytes(path);
    }

    public void Dispose() => _folder.Dispose();

    private static byte[] Edit(byte[] file, Action<ModelFileEditor> change)
    {
        var editor = new ModelFileEditor(file);
        change(editor);
        return editor.ToBytes();
    }

    private static byte[] SetFloat(byte[] file, string tensor, int index, float value) => Edit(file, e =>
        BinaryPrimitives.WriteSingleLittleEndian(e.Data.AsSpan(e.Offsets(tensor).Begin + 4 * index), value));

    private static void SetLayers(ModelFileEditor e, Func<string, string> change) =>
        e.Metadata["layers"] = change((string)e.Metadata["layers"]!);

    public static readonly TheoryData<string, string> Cases = new()
    {
        { "too short", "the file is too short to be a model file: it has 5 bytes, but a safetensors file starts with an 8-byte header length" },
        { "absurd header length", "the header length is 18,446,744,073,709,551,615 bytes, which is absurd: this is not a safetensors model file, or its first 8 bytes are damaged" },
        { "header longer than the file", "the file is truncated: the header length says 2,000 bytes but only " },
        { "header not JSON", "the header is not valid JSON (" },
        { "header an array", "the header is a JSON array, not an object mapping tensor names to their entries" },
        { "name twice", "the header names '__metadata__' twice" },
        { "no metadata", "the header has no __metadata__, so this safetensors file was not written by Backprop" },
        { "metadata not a string", "the metadata entry 'input_size' is not a string (safetensors metadata maps strings to strings)" },
        { "no format version", "the metadata has no 'backprop_format' entry, so the file was not written by Backprop" },
        { "version 2", "model format version 2 is not supported by this Backprop (it reads version 1); use the Backprop that wrote it, or a newer one" },
        { "no layers", "the metadata has no 'layers' entry" },
        { "layers not JSON", "the metadata entry 'layers' is not valid JSON (" },
        { "unknown layer type", "layer 1 has the unknown type 'LSTM'; known types: Dense, Conv2D, MaxPool2D, Flatten, Dropout, Identity, Sigmoid, Tanh, ReLU, LeakyReLU, Softmax" },
        { "dense without units", "layer 0 has no 'units'" },
        { "missing tensor", "the tensor 'layers.2.b' is missing" },
        { "shape not the architecture's", "the tensor 'layers.0.W' has shape [3, 4] but the architecture needs [3, 5]" },
        { "dtype not the numeric type", "the tensor 'layers.0.W' is F32 but the model's numbers are F64" },
        { "unknown dtype", "the tensor 'layers.0.W' has the unknown dtype 'Q7'" },
        { "offsets not the shape's size", "the tensor 'layers.0.b' has shape [1, 4] of F32, which is 16 bytes, but its data_offsets [48, 60] span 12 bytes" },
        { "offsets past the end", "the file is truncated: the header says 1,008 bytes of tensors but only 104 follow" },
        { "negative offsets", "the tensor 'layers.2.b' has data_offsets that are not two whole numbers [begin, end] with 0 ≤ begin ≤ end" },
        { "overlapping tensors", "the tensors 'layers.2.b' and 'layers.0.W' overlap: their data_offsets are [0, 8] and [0, 48]" },
        { "gap between tensors", "there is a gap of 8 bytes before the tensor 'layers.2.b' (safetensors stores tensors back to back)" },
        { "truncated data", "the file is truncated: the header says 104 bytes of tensors but only 100 follow" },
        { "bytes after the tensors", "there are 3 bytes after the last tensor that no tensor owns (the file was damaged or appended to)" },
        { "NaN weight", "the tensor 'layers.0.W' holds NaN at index 1; a saved model's weights are always finite" },
        { "infinite weight", "the tensor 'layers.2.b' holds an infinite value at index 1; a saved model's weights are always finite" },
        { "stray layer tensor", "the tensor 'layers.1.W' is not part of the architecture" },
        { "normalization of the wrong width", "the normalization has 3 offsets and 2 scales, but the network has 3 inputs" },
        { "unknown task", "the task 'clustering' is not one of classification, regression" },
        { "unknown loss", "the loss 'hinge' is unknown; known losses: half-sse, half-mse, mse, binary-crossentropy, softmax-crossentropy" },
    };

    private byte[] Damage(string name) => name switch
    {
        "too short" => _good[..5],
        "absurd header length" => [.. BitConverter.GetBytes(ulong.MaxValue), .. _good[8..]],
        "header longer than the file" => [.. BitConverter.GetBytes(2000UL), .. _good[8..200]],
        "header not JSON" => ModelFileEditor.Pack("{not json", []),
        "header an array" => ModelFileEditor.Pack("[]     ", []),
        "name twice" => ModelFileEditor.Pack("{\"__metadata__\":{}," + new ModelFileEditor(_good).HeaderText[1..], new ModelFileEditor(_good).Data),
        "no metadata" => Edit(_good, e => e.Header.Remove("__metadata__")),
        "metadata not a string" => Edit(_good, e => e.Metadata["input_size"] = 3),
        "no format version" => Edit(_good, e => e.Metadata.Remove("backprop_format")),
        "version 2" => Edit(_good, e => e.Metadata["backprop_format"] = "2"),
        "no layers" => Edit(_good, e => e.Metadata.Remove("layers")),
        "layers not JSON" => Edit(_good, e => SetLayers(e, s => s[..5])),
        "unknown layer type" => Edit(_good, e => SetLayers(e, s => s.Replace("\"ReLU\"", "\"LSTM\""))),
        "dense without units" => Edit(_good, e => SetLayers(e, s => s.Replace("\"units\":4,", ""))),
        "missing tensor" => Edit(_good, e => e.RemoveTensor("layers.2.b")),
        "shape not the architecture's" => Edit(_good, e => SetLayers(e, s => s.Replace("\"units\":4", "\"units\":5"))),
        "dtype not the numeric type" => Edit(_good, e => e.Metadata["numeric_type"] = "float64"),
        "unknown dtype" => Edit(_good, e => e.Tensor("layers.0.W")["dtype"] = "Q7"),
        "offsets not the shape's size" => Edit(_good, e => e.SetOffsets("layers.0.b", 48, 60)),
        "offsets past the end" => Edit(_good, e => e.SetOffsets("layers.2.b", 1000, 1008)),
        "negative offsets" => Edit(_good, e => e.SetOffsets("layers.2.b", -8, 0)),
        "overlapping tensors" => Edit(_good, e => e.SetOffsets("layers.2.b", 0, 8)),
        "gap between tensors" => Edit(_good, e => { e.SetOffsets("layers.2.b", 104, 112); e.Data = [.. e.Data, .. new byte[8]]; }),
        "truncated data" => _good[..^4],
        "bytes after the tensors" => [.. _good, 1, 2, 3],
        "NaN weight" => SetFloat(_good, "layers.0.W", 1, float.NaN),
        "infinite weight" => SetFloat(_good, "layers.2.b", 1, float.PositiveInfinity),
        "stray layer tensor" => Edit(_good, e =>
        {
            e.Header["layers.1.W"] = new JsonObject { ["dtype"] = "F32", ["shape"] = new JsonArray(1, 1), ["data_offsets"] = new JsonArray(104, 108) };
            e.Data = [.. e.Data, 0, 0, 0, 0];
        }),
        "normalization of the wrong width" => Edit(_good, e => e.Metadata["normalization"] = "{\"kind\":\"standard\",\"offset\":[0,0,0],\"scale\":[1,1]}"),
        "unknown task" => Edit(_good, e => e.Metadata["task"] = "clustering"),
        "unknown loss" => Edit(_good, e => e.Metadata["loss"] = "hinge"),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DamagedFile_GivesOneLineModelFormatException_NamingTheFileAndTheProblem(string damage, string problem)
    {
        string path = Path.Combine(_folder.Path, "m.safetensors");
        File.WriteAllBytes(path, Damage(damage));
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Equal(path, e.File);
        Assert.StartsWith($"{path}: {problem}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void MissingFile_SaysItDoesNotExist()
    {
        string path = Path.Combine(_folder.Path, "absent.safetensors");
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Equal($"{path}: the file does not exist", e.Message);
    }

    [Fact]
    public void Folder_SaysItIsNotAModelFile()
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(_folder.Path));
        Assert.Equal($"{_folder.Path}: this is a folder, not a model file", e.Message);
    }

    [Fact]
    public void UndamagedFile_Loads()
    {
        string path = Path.Combine(_folder.Path, "m.safetensors");
        File.WriteAllBytes(path, Edit(_good, _ => { }));   // taking apart and repacking alone changes nothing that matters
        Assert.Equal(2, ModelFile.Load(path).OutputSize);
    }
}
