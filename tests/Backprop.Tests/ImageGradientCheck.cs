using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>Finite-difference checks of image layers inside a small classifier, through <see cref="GradientCheck"/>.</summary>
internal static class ImageGradientCheck
{
    /// <summary>
    /// The largest relative error of any weight's gradient in <paramref name="imageLayers"/> → Flatten → Dense → Softmax
    /// under softmax cross-entropy, with one sample of each of <paramref name="classes"/> classes (so no output's
    /// gradient is so small that finite differences are mostly rounding).
    /// </summary>
    public static double MaxParameterError(ImageShape shape, ILayer<double>[] imageLayers, int classes, uint seed)
    {
        var network = new Network<double>(shape,
            [.. imageLayers, new Flatten<double>(), new Dense<double>(classes, weights: new Initializer.Normal(0, 0.5)), new Softmax<double>()],
            new NumPyRandomState(seed));
        var x = FiniteDifferences.RandomMatrix(classes, shape.Size, seed + 1);
        var t = new Matrix<double>(classes, classes);
        for (int r = 0; r < classes; r++) t[r, r] = 1;
        return FiniteDifferences.MaxError(network, new SoftmaxCrossEntropy<double>(), x, t);
    }
}
