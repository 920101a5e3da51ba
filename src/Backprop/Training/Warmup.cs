using System.Numerics;
using Backprop.Data;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// Runs a few training steps of a throwaway network of the same kind on random data, so that the JIT compiles
/// the training path (layers, loss, optimizer, the GEMM's packed and parallel paths, TensorPrimitives) while
/// something else is busy, typically loading the data on the other core. Without it the first epoch pays that
/// compilation: about a third of a Fashion-MNIST epoch.
/// </summary>
public static class Warmup
{
    /// <summary>
    /// Trains a copy of <paramref name="recipe"/>'s network for two steps on <paramref name="inputs"/> inputs (its
    /// image shape's size when it has one) and <paramref name="outputs"/> outputs; never throws. A network with image
    /// layers but no image shape is not warmed up.
    /// </summary>
    public static void Run<T>(NetworkRecipe recipe, string optimizer, int batchSize, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            if (recipe.Hidden.Any(l => l.NeedsImages) && recipe.InputShape is null) return;   // no shape, nothing to warm up
            inputs = recipe.InputShape?.Size ?? inputs;
            var random = new NumPyRandomState(0);
            int rows = Math.Clamp(batchSize, 1, 256) * 2;
            var x = new Matrix<T>(rows, inputs);
            var y = new Matrix<T>(rows, outputs);
            for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = T.CreateChecked(random.RandomSample());
            for (int r = 0; r < rows; r++) y[r, r % outputs] = T.One;
            var labels = Enumerable.Range(0, outputs).Select(i => i.ToString()).ToArray();
            var trainer = new Trainer<T>(recipe.Build<T>(inputs, outputs, random), Losses.Loss.Create<T>(recipe.Loss),
                OptimizerFactory.Create<T>(optimizer, OptimizerFactory.All.Get(optimizer).DefaultLearningRate))
            {
                Batching = new BatchMode.MiniBatch(rows / 2), Epochs = 1, Random = random,
            };
            trainer.Fit(new InMemoryDataset<T>(x, y) { LabelNames = labels });
        }
        catch (Exception)
        {
            // Only a head start: the real run reports any real problem itself.
        }
    }
}
