using System.Numerics;
using Backprop.Losses;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>Accuracy and evaluation over a data set.</summary>
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
        for (int r = 0; r < output.Rows; r++)
        {
            if (output.Columns == 1)
            {
                if ((output[r, 0] >= half) == (target[r, 0] >= half)) correct++;
            }
            else if (Elementwise.ArgMax<T>(output.Row(r)) == Elementwise.ArgMax<T>(target.Row(r))) correct++;
        }
        return correct;
    }

    /// <summary>The mean squared error over every value.</summary>
    public static double MeanSquaredError<T>(Matrix<T> output, Matrix<T> target) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateChecked(new MeanSquaredError<T>().Value(output, target));
}
