using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Lessons.Initialization;

/// <summary>The images whose gradients the lesson measures, one per row, pixels in [0, 1], and their labels.</summary>
public sealed record InitializationBatch(string Name, Matrix<double> Images, int[] Labels)
{
    /// <summary>
    /// The first <see cref="InitializationOptions.Samples"/> training images of the data set (or seeded uniform noise with
    /// random labels for "random"); a <see cref="MissingDataException"/> naming the package when the set is not installed.
    /// </summary>
    public static InitializationBatch Load(InitializationOptions options)
    {
        int n = options.Samples;
        if (options.Data == "random")
        {
            CheckSize(n);
            var random = new NumPyRandomState(options.Seed + 1);
            var noise = new Matrix<double>(n, 784);
            random.RandomSample(noise.AsSpan());
            return new InitializationBatch("random", noise, [.. Enumerable.Range(0, n).Select(_ => (int)random.RandInt(10))]);
        }
        if (options.Data is not ("fashion-mnist" or "mnist"))
            throw new BackpropException($"--data must be fashion-mnist, mnist or random, got '{options.Data}'.");
        var (name, train, _) = LessonData.Images("initialization", options.Data);
        n = Math.Min(n, train.Count);
        CheckSize(n);
        var images = new Matrix<double>(n, train.InputSize);
        train.Gather([.. Enumerable.Range(0, n)], images, new Matrix<double>(n, train.TargetSize));
        return new InitializationBatch(name, images, [.. Enumerable.Range(0, n).Select(train.Label)]);
    }

    /// <summary>
    /// Refuses --samples when <paramref name="n"/> images of 784 pixels, their one-hot labels and the
    /// 784-30-30-30-30-10 network's buffers for a batch of them cannot be held.
    /// </summary>
    private static void CheckSize(int n)
    {
        const int pixels = 784, classes = 10;
        long bytes = MemoryLimit.Bytes(n, (pixels + classes) * sizeof(double))
                     + MemoryEstimate.TrainingBytes<double>(new NetworkRecipe([.. InitializationOptions.Hidden.Select(h => (LayerSpec)h)], "sigmoid", "cross-entropy"),
                         pixels, classes, n, "sgd");
        LessonMemory.Check("--samples", n, bytes, $"a batch of {n:N0} images and the gradients through the network");
    }
}
