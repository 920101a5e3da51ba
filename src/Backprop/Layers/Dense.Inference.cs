using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The serving path's version of <see cref="Apply"/>: the same numbers, bit for bit, faster for a few rows.</summary>
public sealed partial class Dense<T>
{
    /// <summary>
    /// Y = X·W + b as <see cref="Apply"/> computes it; for fewer rows than the product's tile, W is read where it is
    /// stored (<see cref="GemmRows{T}"/>) instead of being copied into packed panels on every call.
    /// </summary>
    internal void Infer(Matrix<T> input, Matrix<T> output)
    {
        if (!GemmRows<T>.Takes(input.Rows, OutputSize, InputSize))
        {
            Apply(input, output);
            return;
        }
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        GemmRows<T>.Multiply(input, Weights.Value, output);
        AddBias(output);
    }
}
