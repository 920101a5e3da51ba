using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>A small CNN in the trainer: the running loop allocates nothing, and the thread count changes no number.</summary>
[Collection(nameof(GemmTests))]   // alone: it reads the workers' allocation counters
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

    [Fact]
    public void LibraryDocsCnn_SummarisesItsShapesAndParameters_AsTheFashionMnistPageShows()
    {
        // docs/library.md's example network, the one the CLI builds for docs/fashion-mnist.md's recipe.
        var network = new Network<float>(new ImageShape(28, 28, 1),
            [new Conv2D<float>(32, 3, padding: Padding.Same, weights: new Initializer.He()), new MaxPool2D<float>(2), new ReLU<float>(),
             new Conv2D<float>(64, 3, padding: Padding.Same, weights: new Initializer.He()), new MaxPool2D<float>(2), new ReLU<float>(),
             new Flatten<float>(), new Dense<float>(128, weights: new Initializer.He()), new ReLU<float>(), new Dropout<float>(0.5),
             new Dense<float>(10), new Softmax<float>()],
            new NumPyRandomState(1));
        string summary = network.Summary();
        Assert.Contains("1. Conv2D 3×3 same    (batch, 28, 28, 32)           320", summary);
        Assert.Contains("5. MaxPool2D 2×2      (batch, 7, 7, 64)               0", summary);
        Assert.Contains("7. Flatten            (batch, 3136)                   0", summary);
        Assert.EndsWith("Total parameters: 421,642 (float32)", summary);

        var recipe = new NetworkRecipe(LayerSpec.ParseList("conv32x3-same,maxpool2,conv64x3-same,maxpool2,128,dropout0.5"), "relu", "softmax-crossentropy")
        {
            InputShape = new ImageShape(28, 28, 1),
        };
        Assert.Equal(summary, recipe.Build<float>(784, 10, new NumPyRandomState(1)).Summary());
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void CnnTrainingStep_AllocatesNothing_Over100Steps_OnTheCallerOrTheWorkers(string optimizer)
    {
        var rng = new NumPyRandomState(1);
        var data = Images(64 * 130, 2);
        long before = 0, after = 0, workersBefore = 0, workersAfter = 0;
        using var compute = new ComputeContext(threads: 2);
        var trainer = new Trainer<float>(Cnn(rng), new SoftmaxCrossEntropy<float>(), OptimizerFactory.Create<float>(optimizer, 0.01))
        {
            Batching = new BatchMode.MiniBatch(64), Epochs = 1, Random = rng, Compute = compute,
            // Steps 1–20 warm up (buffers, optimizer state, JIT); then 100 steps are measured.
            AfterUpdate = ctx =>
            {
                if (ctx.Step == 20) (before, workersBefore) = (GC.GetAllocatedBytesForCurrentThread(), compute.Pool.WorkerAllocatedBytes);
                if (ctx.Step == 120) (after, workersAfter) = (GC.GetAllocatedBytesForCurrentThread(), compute.Pool.WorkerAllocatedBytes);
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
            using var compute = new ComputeContext(threads);
            var rng = new NumPyRandomState(5);
            var network = Cnn(rng);
            var trainer = new Trainer<float>(network, new SoftmaxCrossEntropy<float>(), new Adam<float>(1e-3))
            {
                Batching = new BatchMode.MiniBatch(32), Epochs = 2, Random = rng, TuneThreads = false, Compute = compute,
            };
            trainer.Fit(Images(300, 6));
            return network.Parameters.SelectMany(p => p.Value.ToArray()).ToArray();
        }
        Assert.Equal(Train(1), Train(2));
    }
}
