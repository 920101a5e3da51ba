using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>Runs a network over a whole data set in batches and measures its loss and accuracy.</summary>
public static class Evaluation
{
    /// <summary>
    /// The loss over every sample (each batch's loss weighted by its size) and, when the data has label
    /// names, the accuracy. It runs batches through the network's own buffers (Forward), so evaluating a
    /// large set allocates almost nothing; for predictions from several threads use <see cref="Network{T}.Predict(Matrix{T})"/>.
    /// </summary>
    public static (double Loss, double? Accuracy) Run<T>(Training.Network<T> network, ILoss<T> loss, Dataset<T> data, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Count == 0) return (double.NaN, null);
        double lossSum = 0;
        long correct = 0;
        ForEachBatch(network, data, batchSize, (output, y) =>
        {
            lossSum += double.CreateChecked(loss.Value(output, y)) * output.Rows;
            correct += Metrics.CountCorrect(output, y);
        });
        return (lossSum / data.Count, data.LabelNames is null ? null : (double)correct / data.Count);
    }

    /// <summary>
    /// Counts, for each true class (row) and predicted class (column), how many samples fall there.
    /// A single sigmoid output counts as two classes, split at 0.5.
    /// </summary>
    public static int[,] ConfusionMatrix<T>(Training.Network<T> network, Dataset<T> data, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = Math.Max(2, data.TargetSize);
        var counts = new int[classes, classes];
        ForEachBatch(network, data, batchSize, (output, y) =>
        {
            for (int r = 0; r < output.Rows; r++) counts[ClassOf<T>(y.Row(r)), ClassOf<T>(output.Row(r))]++;
        });
        return counts;
    }

    /// <summary>
    /// Runs the data through the network in order, in batches, handing each batch's outputs and targets to
    /// <paramref name="visit"/>; dropout layers pass everything while it runs, as when predicting.
    /// </summary>
    private static void ForEachBatch<T>(Training.Network<T> network, Dataset<T> data, int batchSize, Action<Matrix<T>, Matrix<T>> visit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dropouts = network.Layers.OfType<Dropout<T>>().Where(d => d.Training).ToArray();
        foreach (var d in dropouts) d.Training = false;
        // The layers keep buffers for the largest batch they see. A convolution's output is wide (28·28·32 values for
        // a 28×28 image), so 256 rows of it would hold 26 MB per layer for the rest of the run: batches are cut to
        // about a million values in the widest layer instead (41 rows there; an MLP keeps its 256).
        int widest = network.Layers.Max(l => l.OutputSize);
        int rows = Math.Clamp(EvaluationValues / widest, 1, Math.Max(1, batchSize));
        try
        {
            foreach (var (x, y) in data.InOrder(rows)) visit(network.Forward(x), y);
        }
        finally
        {
            foreach (var d in dropouts) d.Training = true;
        }
    }

    /// <summary>About this many values (4 MB of floats) in the widest layer's output per evaluation batch.</summary>
    private const int EvaluationValues = 1 << 20;

    /// <summary>The class a row of outputs or targets stands for: the argmax, or a 0.5 threshold for one column.</summary>
    public static int ClassOf<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T> =>
        row.Length == 1 ? (row[0] >= T.CreateChecked(0.5) ? 1 : 0) : Elementwise.ArgMax(row);
}
