using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests;

public sealed class ModelFileTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string PathOf(string name) => Path.Combine(_folder.Path, name);

    private static void AssertSamePredictions<T>(Network<T> expected, Network<T> actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = SampleModels.Inputs<T>(50);
        Assert.Equal(expected.Predict(inputs).ToArray(), actual.Predict(inputs).ToArray());
    }

    [Fact]
    public void SaveThenLoad_Float_PredictsBitIdentically()
    {
        var network = SampleModels.EveryLayer<float>();
        network.Save(PathOf("m.safetensors"));
        var loaded = ModelFile.Load<float>(PathOf("m.safetensors"));
        Assert.Equal("float32", loaded.NumericType);
        Assert.Equal(network.Layers.Select(l => l.Config), loaded.Network.Layers.Select(l => l.Config));
        AssertSamePredictions(network, loaded.Network);
    }

    [Fact]
    public void SaveThenLoad_Double_PredictsBitIdentically()
    {
        var network = SampleModels.EveryLayer<double>();
        network.Save(PathOf("m.safetensors"));
        var loaded = ModelFile.Load(PathOf("m.safetensors"));
        var typed = Assert.IsType<LoadedModel<double>>(loaded);
        Assert.Equal("float64", loaded.NumericType);
        AssertSamePredictions(network, typed.Network);
    }

    [Fact]
    public void SaveThenLoad_KeepsTaskLossNormalizationAndLabelNamesExactly()
    {
        SampleModels.Classifier<float>().Save(PathOf("m.safetensors"), SampleModels.Metadata);
        var metadata = ModelFile.Load(PathOf("m.safetensors")).Metadata;
        var expected = SampleModels.Metadata;
        Assert.Equal(expected.Task, metadata.Task);
        Assert.Equal(expected.Loss, metadata.Loss);
        Assert.Equal(expected.LabelNames, metadata.LabelNames);
        Assert.Equal(expected.Normalization!.Kind, metadata.Normalization!.Kind);
        Assert.Equal(expected.Normalization.Offset, metadata.Normalization.Offset);   // exact: 1/3 survives the JSON
        Assert.Equal(expected.Normalization.Scale, metadata.Normalization.Scale);
    }

    [Fact]
    public void SavedFile_IsSafetensors_WithAPaddedHeaderAndContiguousTensorsInLayerOrder()
    {
        SampleModels.Classifier<double>().Save(PathOf("m.safetensors"), SampleModels.Metadata);
        var bytes = File.ReadAllBytes(PathOf("m.safetensors"));
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n))!.AsObject();
        Assert.All(header["__metadata__"]!.AsObject(), kv => Assert.Equal(System.Text.Json.JsonValueKind.String, kv.Value!.GetValueKind()));
        Assert.Equal("1", (string?)header["__metadata__"]!["backprop_format"]);
        var names = header.Where(kv => kv.Key != "__metadata__").Select(kv => kv.Key).ToArray();
        Assert.Equal(["layers.0.W", "layers.0.b", "layers.2.W", "layers.2.b"], names);
        long position = 0;
        foreach (var name in names)
        {
            Assert.Equal("F64", (string?)header[name]!["dtype"]);
            Assert.Equal(position, (long)header[name]!["data_offsets"]![0]!);
            position = (long)header[name]!["data_offsets"]![1]!;
        }
        Assert.Equal(bytes.Length - 8 - n, position);
        Assert.Equal([3L, 4L], header["layers.0.W"]!["shape"]!.AsArray().Select(d => (long)d!));
    }

    [Fact]
    public void LoadAsTheOtherNumericType_SaysWhichTypeTheFileHolds()
    {
        SampleModels.Classifier<double>().Save(PathOf("m.safetensors"));
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<float>(PathOf("m.safetensors")));
        Assert.Equal($"{PathOf("m.safetensors")}: the model's numbers are float64, not float32; load it as double", e.Message);
    }

    [Fact]
    public void SaveOverAnExistingModel_ReplacesIt()
    {
        SampleModels.Classifier<float>(seed: 1).Save(PathOf("m.safetensors"));
        var second = SampleModels.Classifier<float>(seed: 2);
        second.Save(PathOf("m.safetensors"));
        AssertSamePredictions(second, ModelFile.Load<float>(PathOf("m.safetensors")).Network);
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void AtomicWrite_WhenTheWriterThrowsMidway_LeavesThePreviousFileIntactAndNoTemporaryFile()
    {
        string path = PathOf("m.safetensors");
        SampleModels.Classifier<float>().Save(path);
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[10_000]);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal("disk full (simulated)", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void AtomicWrite_OfANewFile_WhenTheWriterThrows_CreatesNothing()
    {
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(PathOf("new.bin"), _ => throw new InvalidOperationException()));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Save_WithANormalizationOfTheWrongWidth_IsRefusedBeforeWritingAnything()
    {
        var metadata = new ModelMetadata(Normalization: new Normalization("minmax", [0, 0], [1, 1]));
        var e = Assert.Throws<BackpropException>(() => SampleModels.Classifier<float>().Save(PathOf("m.safetensors"), metadata));
        Assert.Equal("The normalization has 2 offsets and 2 scales, but the network has 3 inputs.", e.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void SaveIntoAMissingFolder_IsABackpropExceptionNamingThePath()
    {
        string path = Path.Combine(_folder.Path, "no such folder", "m.safetensors");
        var e = Assert.Throws<BackpropException>(() => SampleModels.Classifier<float>().Save(path));
        Assert.StartsWith($"{path}: cannot write the file: ", e.Message);
    }
}
