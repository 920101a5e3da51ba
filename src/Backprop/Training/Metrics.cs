using System.Numerics;
using Backprop.Losses;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>Measures of one batch of outputs against its targets: how many are right, the mean squared error. (A whole data set: <see cref="Evaluation"/>.)</summary>
public static class Metrics
{
    /// <summary>
    /// The number of rows predicted right: the argmax of the output equals the argmax of the target when
    /// there are several outputs; with one (sigmoid) output, both sides are thresholded at 0.5.
    /// </summary>
    public static int CountCorrect<T>(Matrix<T> output, Matrix<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int correct = 0;
        T half = T.CreateChecked(0.5);
        ReadOnlySpan<T> o = output.AsSpan(), t = target.AsSpan();
        if (output.Columns == 1)
        {
            for (int r = 0; r < o.Length; r++)
                if ((o[r] >= half) == (t[r] >= half)) correct++;
            return correct;
        }
        int width = output.Columns;
        for (int r = 0; r < output.Rows; r++)
            if (Elementwise.ArgMax(o.Slice(r * width, width)) == Elementwise.ArgMax(t.Slice(r * width, width))) correct++;
        return correct;
    }

    /// <summary>The mean squared error over every value.</summary>
    public static double MeanSquaredError<T>(Matrix<T> output, Matrix<T> target) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateChecked(new MeanSquaredError<T>().Value(output, target));
}
