using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>An error function E(y, t) over a batch: its value and its gradient ∂E/∂y.</summary>
public interface ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name used on the command line and in model files, such as "half-sse".</summary>
    string Name { get; }

    /// <summary>
    /// True when <see cref="Compute"/> writes the gradient with respect to the logits (the input of a final
    /// Softmax) rather than to the output, so the trainer skips that Softmax's Backward.
    /// </summary>
    bool GradientIsForLogits => false;

    /// <summary>Returns E for the batch and writes ∂E/∂y into <paramref name="gradient"/> (same shape as the output).</summary>
    T Compute(Matrix<T> output, Matrix<T> target, Matrix<T> gradient);

    /// <summary>Returns E for the batch without computing a gradient.</summary>
    T Value(Matrix<T> output, Matrix<T> target);
}
