using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>A trainable tensor and the gradient of the loss with respect to it, filled by the layer's Backward.</summary>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a parameter of the given shape with a zero gradient.</summary>
    public Parameter(string name, int rows, int columns)
    {
        Name = name;
        Value = new Matrix<T>(rows, columns);
        Gradient = new Matrix<T>(rows, columns);
    }

    /// <summary>A short name such as "W" or "b".</summary>
    public string Name { get; }

    /// <summary>The current values.</summary>
    public Matrix<T> Value { get; }

    /// <summary>
    /// ∂E/∂(value) from the last backward pass. After <see cref="Training.Trainer{T}.Step()"/> every parameter's gradient is
    /// that step's; in <see cref="Training.Trainer{T}.Fit"/> and <c>RunEpoch</c> the fast path may take a plain SGD step
    /// without storing it (same weights, see Training/StepPlan.cs): read gradients there in a <c>BeforeUpdate</c> hook,
    /// which turns that off.
    /// </summary>
    public Matrix<T> Gradient { get; }
}
