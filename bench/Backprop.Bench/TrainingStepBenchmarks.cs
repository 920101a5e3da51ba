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
    private Trainer<float> _trainer = null!;
    private InMemoryDataset<float> _data = null!;
    private const int TrainerSteps = 64;

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

        var x = new Matrix<float>(64 * TrainerSteps, 784);
        var t = new Matrix<float>(64 * TrainerSteps, 10);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = (float)rng.RandomSample();
        for (int r = 0; r < t.Rows; r++) t[r, (int)rng.RandInt(10)] = 1;
        _data = new InMemoryDataset<float>(x, t) { LabelNames = [.. Enumerable.Range(0, 10).Select(i => $"{i}")] };
        var network = new Network<float>(784, [new Dense<float>(128, weights: new Initializer.He()), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()], rng);
        _trainer = new Trainer<float>(network, _loss, new Sgd<float>(0.1)) { Batching = new BatchMode.MiniBatch(64), Epochs = 1, Random = rng };
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

    /// <summary>
    /// The same step as <see cref="Trainer{T}"/> runs it: shuffled batches gathered from a data set (the next one on the
    /// worker thread), the SGD step taken inside the backward pass, and the thread count tuned (the trainer's fast step plan, StepPlan); one epoch of 64 steps.
    /// Its Allocated column is Fit's own buffers (sample order, batches), made once per call: the steps allocate nothing.
    /// </summary>
    [Benchmark(Description = "Trainer step 784-128-10, batch 64", OperationsPerInvoke = TrainerSteps)]
    public int TrainerStep()
    {
        _trainer.CompletedEpochs = 0;
        return _trainer.Fit(_data).Epochs.Count;
    }
}
