using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>A small CNN in the trainer: the running loop allocates nothing, and the thread count changes no number.</summary>
[Collection(nameof(GemmTests))]   // alone: it sets Gemm.MaxThreads and reads the workers' allocation counters
public class CnnTrainingTests
{
    private static InMemoryDataset<float> Images(int count, uint seed)
    {
        var rng = new NumPyRandomState(seed);
        var x = new Matrix<float>(count, 16 * 16);
        var y = new Matrix<float>(count, 4);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = (float)rng.RandomSample();
        for (int r = 0; r < count; r++) y[r, (int)rng.RandInt(4)] = 1;
        return new InMemoryDataset<float>(x, y) { LabelNames = ["a", "b", "c", "d"] };
    }

    private static Network<float> Cnn(NumPyRandomState rng) => new(new ImageShape(16, 16, 1),
        [new Conv2D<float>(16, 3, weights: new Initializer.He()), new ReLU<float>(), new MaxPool2D<float>(2),
         new Conv2D<float>(32, 3, padding: Padding.Same, weights: new Initializer.He()), new ReLU<float>(), new MaxPool2D<float>(2),
         new Flatten<float>(), new Dense<float>(32, weights: new Initializer.He()), new ReLU<float>(), new Dropout<float>(0.5),
         new Dense<float>(4), new Softmax<float>()],
        rng);

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void CnnTrainingStep_AllocatesNothing_Over100Steps_OnTheCallerOrTheWorkers(string optimizer)
    {
        var rng = new NumPyRandomState(1);
        var data = Images(64 * 130, 2);
        long before = 0, after = 0, workersBefore = 0, workersAfter = 0;
        var trainer = new Trainer<float>(Cnn(rng), new SoftmaxCrossEntropy<float>(), OptimizerFactory.Create<float>(optimizer, 0.01))
        {
            Batching = new BatchMode.MiniBatch(64), Epochs = 1, Random = rng,
            // Steps 1–20 warm up (buffers, optimizer state, JIT); then 100 steps are measured.
            AfterUpdate = ctx =>
            {
                if (ctx.Step == 20) (before, workersBefore) = (GC.GetAllocatedBytesForCurrentThread(), GemmWorkerPool.WorkerAllocatedBytes);
                if (ctx.Step == 120) (after, workersAfter) = (GC.GetAllocatedBytesForCurrentThread(), GemmWorkerPool.WorkerAllocatedBytes);
            },
        };
        trainer.Fit(data);
        Assert.True(before > 0 && after > 0);
        Assert.Equal(0, after - before);
        Assert.Equal(0, workersAfter - workersBefore);
    }

    [Fact]
    public void CnnTraining_GivesBitIdenticalWeights_OnOneThreadAndOnTwo()
    {
        float[] Train(int threads)
        {
            int saved = Gemm.MaxThreads;
            Gemm.MaxThreads = threads;
            try
            {
                var rng = new NumPyRandomState(5);
                var network = Cnn(rng);
                var trainer = new Trainer<float>(network, new SoftmaxCrossEntropy<float>(), new Adam<float>(1e-3))
                {
                    Batching = new BatchMode.MiniBatch(32), Epochs = 2, Random = rng, TuneThreads = false,
                };
                trainer.Fit(Images(300, 6));
                return network.Parameters.SelectMany(p => p.Value.ToArray()).ToArray();
            }
            finally { Gemm.MaxThreads = saved; }
        }
        Assert.Equal(Train(1), Train(2));
    }
}
