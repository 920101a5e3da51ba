using Backprop.Layers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public sealed class CnnModelFileTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Network<T> SmallCnn<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => new(new ImageShape(8, 7, 2),
        [new Conv2D<T>(4, 3, padding: Padding.Same, weights: new Initializer.He(), biasInit: new Initializer.Normal(0, 0.1)), new ReLU<T>(),
         new MaxPool2D<T>(2), new Conv2D<T>(3, 2, stride: 2, bias: false, weights: new Initializer.He()), new ReLU<T>(),
         new Flatten<T>(), new Dense<T>(5), new Dropout<T>(0.3), new Dense<T>(3), new Softmax<T>()],
        new NumPyRandomState(4));

    [Fact]
    public void Cnn_SavedAndLoaded_PredictsTheSameNumbers_AndKeepsItsShapesAndLayers()
    {
        var network = SmallCnn<float>();
        string path = Path.Combine(_folder.Path, "cnn.safetensors");
        network.Save(path);
        var loaded = Network<float>.Load(path);

        Assert.Equal(network.InputShape, loaded.InputShape);
        Assert.Equal(network.Layers.Select(l => l.Config), loaded.Layers.Select(l => l.Config));
        Assert.Equal(network.Summary(), loaded.Summary());
        var x = new Matrix<float>(5, 8 * 7 * 2);
        var rng = new NumPyRandomState(9);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = (float)rng.StandardNormal();
        Assert.Equal(network.Predict(x).ToArray(), loaded.Predict(x).ToArray());
    }

    [Fact]
    public void Cnn_ModelFile_NamesItsInputShapeAndLayerSettings()
    {
        string path = Path.Combine(_folder.Path, "cnn.safetensors");
        SmallCnn<double>().Save(path);
        var editor = new ModelFileEditor(File.ReadAllBytes(path));
        Assert.Equal("8x7x2", (string)editor.Metadata["input_shape"]!);
        string layers = (string)editor.Metadata["layers"]!;
        Assert.Contains("""{"type":"Conv2D","bias":true,"filters":4,"kernel":3,"stride":1,"padding":"same"}""", layers);
        Assert.Contains("""{"type":"MaxPool2D","kernel":2,"stride":2}""", layers);
        Assert.Contains("""{"type":"Dropout","rate":0.3}""", layers);
        // Conv2D weights are K·K·C × filters: 3·3·2 × 4, and 2·2·4 × 3 for the second.
        Assert.Equal("[18,4]", editor.Tensor("layers.0.W")["shape"]!.ToJsonString());
        Assert.Equal("[16,3]", editor.Tensor("layers.3.W")["shape"]!.ToJsonString());
    }

    public static readonly TheoryData<string, string, string> Damages = new()
    {
        { "input_shape", "", "layer 0 (Conv2D): A Conv2D layer needs image input (height × width × channels), but its input is a plain vector (the metadata has no 'input_shape' entry)" },
        { "input_shape", "8x7x3", "holds 168 values but the input size is 112" },
        { "input_shape", "8x7", "the input shape must be height x width x channels" },
        { "padding", "\"full\"", "padding 'full' is not valid or same" },
        { "kernel", "9", "the tensor 'layers.0.W' has shape [18, 4] but the architecture needs [162, 4]" },
        { "rate", "1.5", "rate 1.5 is not at least 0 and below 1" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void DamagedCnnFile_IsOneModelFormatException_SayingWhatIsWrong(string field, string value, string problem)
    {
        string path = Path.Combine(_folder.Path, "cnn.safetensors");
        SmallCnn<float>().Save(path);
        var editor = new ModelFileEditor(File.ReadAllBytes(path));
        if (field == "input_shape")
        {
            if (value == "") editor.Metadata.Remove("input_shape");
            else editor.Metadata["input_shape"] = value;
        }
        else
        {
            string layers = (string)editor.Metadata["layers"]!;
            string key = $"\"{field}\":";
            int at = layers.IndexOf(key, StringComparison.Ordinal) + key.Length;
            int end = layers.IndexOfAny([',', '}'], at);
            editor.Metadata["layers"] = layers[..at] + value + layers[end..];
        }
        string damaged = Path.Combine(_folder.Path, "damaged.safetensors");
        File.WriteAllBytes(damaged, editor.ToBytes());
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(damaged));
        Assert.True(e.Message.Contains(problem, StringComparison.Ordinal), e.Message);
        Assert.Contains("damaged.safetensors", e.Message);
    }
}
