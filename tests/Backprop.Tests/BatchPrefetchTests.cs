using System.Collections.Concurrent;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public class BatchPrefetchTests
{
    /// <summary>Passes batches through from an in-memory set, noting the thread of each gather.</summary>
    private sealed class RecordingDataset(InMemoryDataset<float> inner, bool concurrent) : Dataset<float>
    {
        public ConcurrentBag<int> Threads { get; } = [];
        public override int Count => inner.Count;
        public override int InputSize => inner.InputSize;
        public override int TargetSize => inner.TargetSize;
        internal override bool GathersConcurrently => concurrent;

        public override void Gather(ReadOnlySpan<int> indices, Matrix<float> inputs, Matrix<float> targets)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            inner.Gather(indices, inputs, targets);
        }
    }

    private static (float[] Weights, ConcurrentBag<int> Threads) Train(string optimizer, bool concurrent)
    {
        var rng = new NumPyRandomState(3);
        const int samples = 3000, inputs = 784;
        var x = new Matrix<float>(samples, inputs);
        var y = new Matrix<float>(samples, 10);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = (float)rng.RandomSample();
        for (int r = 0; r < samples; r++) y[r, (int)(10 * x[r, 0])] = 1;
        var data = new RecordingDataset(new InMemoryDataset<float>(x, y), concurrent) { LabelNames = [.. Enumerable.Range(0, 10).Select(i => $"{i}")] };
        var net = new Network<float>(inputs, [new Dense<float>(128, weights: new Initializer.He()), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()], rng);
        // Two threads of its own, whatever the machine has: the gather ahead needs a worker, and no other test holds this one.
        using var compute = new ComputeContext(threads: 2);
        var trainer = new Trainer<float>(net, new SoftmaxCrossEntropy<float>(), OptimizerFactory.Create<float>(optimizer, 0.05))
        { Batching = new BatchMode.MiniBatch(64), Epochs = 2, Random = rng, Compute = compute, TuneThreads = false };
        trainer.Fit(data);
        return (net.Parameters.SelectMany(p => p.Value.ToArray()).ToArray(), data.Threads);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void Trainer_GatheringTheNextBatchOnTheWorker_GivesBitIdenticalWeights(string optimizer)
    {
        var (ahead, aheadThreads) = Train(optimizer, concurrent: true);
        var (inline, inlineThreads) = Train(optimizer, concurrent: false);
        Assert.Equal(inline, ahead);
        // Without concurrent gathering every batch is gathered on the training thread (the test's).
        Assert.Single(inlineThreads.Distinct());
        // With it, 84 of the 94 batches come from the pool's worker: not each epoch's first, nor during the 8 steps
        // the tuner takes to see that steps of a 784-128-10 network are worth a second thread (about 100 µs > 20 µs).
        int onWorker = aheadThreads.Count(t => t != Environment.CurrentManagedThreadId);
        Assert.True(onWorker == 84, $"{onWorker} of {aheadThreads.Count} batches gathered ahead");
    }
}
