using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public class AllocationTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void TrainingStep_784_128_10_AllocatesNothing_Over100Steps(string optimizer)
    {
        var rng = new NumPyRandomState(1);
        const int samples = 64 * 160;
        var x = new Matrix<float>(samples, 784);
        var y = new Matrix<float>(samples, 10);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = (float)rng.RandomSample();
        for (int r = 0; r < samples; r++) y[r, (int)rng.RandInt(10)] = 1;
        var data = new InMemoryDataset<float>(x, y) { LabelNames = Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray() };
        var net = new Network<float>(784, [new Dense<float>(128, weights: new Initializer.He()), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()], rng);

        long before = 0, after = 0;
        var trainer = new Trainer<float>(net, new SoftmaxCrossEntropy<float>(), OptimizerFactory.Create<float>(optimizer, 0.01))
        {
            Batching = new BatchMode.MiniBatch(64), Epochs = 1, Random = rng,
            // Steps 1–20 warm up (first-step optimizer state, tiered JIT); then 100 steps are measured.
            AfterUpdate = ctx =>
            {
                if (ctx.Step == 20) before = GC.GetAllocatedBytesForCurrentThread();
                if (ctx.Step == 120) after = GC.GetAllocatedBytesForCurrentThread();
            },
        };
        trainer.Fit(data);
        Assert.True(before > 0 && after > 0);
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void Fit_OfTheNineLineNeuron_AllocatesPerEpochOnlyItsHistoryEntry()
    {
        // Each epoch of the 9-line neuron is one step of 4 samples; Fit runs them by the fast plan. What an epoch may
        // allocate is its 56-byte entry in the history (in chunks of 256), nothing per step or per epoch besides.
        var data = ToyData.SigmoidNeuron<double>();
        long Allocated(int epochs)
        {
            var net = new Network<double>(3, [new Dense<double>(1, bias: false, new Initializer.Uniform(-1, 1)), new Sigmoid<double>()], new NumPyRandomState(1));
            var trainer = new Trainer<double>(net, new HalfSumSquares<double>(), new Sgd<double>(1.0)) { Epochs = epochs };
            long before = GC.GetAllocatedBytesForCurrentThread();
            trainer.Fit(data);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(2048);   // warm-up: the JIT's tiers
        double perEpoch = (Allocated(4096) - Allocated(2048)) / 2048.0;
        Assert.InRange(perEpoch, 56, 60);
    }
}
