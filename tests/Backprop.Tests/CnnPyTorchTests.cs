using System.Text.Json;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// A CNN trained in Backprop and in PyTorch (Reference/cnn_torch_steps.py) from the same starting weights on the same
/// batches, in float64: every step's loss and the final weights agree, so convolution (same and valid, stride 1 and 2),
/// pooling, ReLU, flattening, dense layers, softmax cross-entropy and Adam compute what PyTorch's do.
/// </summary>
public sealed class CnnPyTorchTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void CnnTrainedWithAdam_TakesPyTorchsStepsExactly_InFloat64()
    {
        Python.Require("torch", "python3-torch");
        const int count = 48, epochs = 2, batch = 16;
        var shape = new ImageShape(10, 9, 2);
        var network = new Network<double>(shape,
            [new Conv2D<double>(4, 3, padding: Padding.Same, weights: new Initializer.He(), biasInit: new Initializer.Normal(0, 0.1)),
             new MaxPool2D<double>(2), new ReLU<double>(),
             new Conv2D<double>(6, 2, stride: 2, weights: new Initializer.He(), biasInit: new Initializer.Normal(0, 0.1)), new ReLU<double>(),
             new Flatten<double>(), new Dense<double>(5, weights: new Initializer.He()), new ReLU<double>(), new Dense<double>(3), new Softmax<double>()],
            new NumPyRandomState(1));
        string model = Path.Combine(_folder.Path, "start.safetensors");
        network.Save(model);

        var rng = new NumPyRandomState(2);
        var x = new Matrix<double>(count, shape.Size);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = rng.RandomSample();
        var labels = Enumerable.Range(0, count).Select(_ => rng.RandInt(3)).ToArray();
        var y = new Matrix<double>(count, 3);
        for (int r = 0; r < count; r++) y[r, (int)labels[r]] = 1;
        string data = Path.Combine(_folder.Path, "data.bin");
        using (var writer = new BinaryWriter(File.Create(data)))
        {
            foreach (double v in x.AsSpan()) writer.Write(v);
            foreach (long label in labels) writer.Write(label);
        }

        var losses = new List<double>();
        var trainer = new Trainer<double>(network, new SoftmaxCrossEntropy<double>(), new Adam<double>(1e-3))
        {
            Batching = new BatchMode.MiniBatch(batch), Epochs = epochs, Random = new NumPyRandomState(9),
            AfterUpdate = ctx => losses.Add(ctx.Loss),
        };
        trainer.Fit(new InMemoryDataset<double>(x, y) { LabelNames = ["a", "b", "c"] });

        var run = Python.Run(Path.Combine(AppContext.BaseDirectory, "Reference", "cnn_torch_steps.py"), model, data,
            $"{count}", $"{epochs}", $"{batch}", "9");
        Assert.True(run.Code == 0, $"cnn_torch_steps.py failed: {run.Error}");
        var torch = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]).RootElement;
        var torchLosses = torch.GetProperty("losses").Doubles();
        Assert.Equal(epochs * count / batch, torchLosses.Length);
        for (int s = 0; s < losses.Count; s++)
            Assert.True(Math.Abs(losses[s] - torchLosses[s]) <= 1e-12, $"step {s + 1}: Backprop's loss {losses[s]:R}, PyTorch's {torchLosses[s]:R}");
        for (int i = 0; i < network.Layers.Count; i++)
            foreach (var p in network.Layers[i].Parameters)
            {
                var theirs = torch.GetProperty("weights").GetProperty(Architecture.TensorName(i, p.Name)).Doubles();
                var ours = p.Value.ToArray();
                for (int j = 0; j < ours.Length; j++)
                    Assert.True(Math.Abs(ours[j] - theirs[j]) <= 1e-10, $"{Architecture.TensorName(i, p.Name)}[{j}]: Backprop {ours[j]:R}, PyTorch {theirs[j]:R}");
            }
    }
}
