using BenchmarkDotNet.Attributes;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Bench;

/// <summary>
/// One training step of the 784-128-10 ReLU network at batch 64 (forward, softmax cross-entropy, backward,
/// SGD update): the unit of work of a Fashion-MNIST epoch (938 steps).
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Network<float> _network = null!;
    private Matrix<float> _x = null!, _t = null!, _grad = null!;
    private readonly SoftmaxCrossEntropy<float> _loss = new();
    private readonly Sgd<float> _sgd = new(0.1);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new NumPyRandomState(1);
        _network = new Network<float>(784, [new Dense<float>(128, weights: new Initializer.He()), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()], rng);
        _x = new Matrix<float>(64, 784);
        _t = new Matrix<float>(64, 10);
        _grad = new Matrix<float>(64, 10);
        for (int i = 0; i < _x.Length; i++) _x.AsSpan()[i] = (float)rng.RandomSample();
        for (int r = 0; r < 64; r++) _t[r, (int)rng.RandInt(10)] = 1;
    }

    [Benchmark(Description = "train step 784-128-10, batch 64")]
    public float Step()
    {
        var y = _network.Forward(_x);
        float loss = _loss.Compute(y, _t, _grad);
        _network.Backward(_grad, gradientIsForLogits: true);
        _sgd.Step(_network.Parameters);
        return loss;
    }
}
