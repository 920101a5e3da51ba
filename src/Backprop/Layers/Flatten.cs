using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// Marks where images become plain vectors, before Dense layers. A batch is already one flattened image per row,
/// so the values pass through unchanged; only the shape the next layers see changes (H×W×C becomes H·W·C).
/// </summary>
public sealed class Flatten<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? _output, _inputGradient;

    /// <inheritdoc />
    public string Name => "Flatten";

    /// <inheritdoc />
    public int InputSize { get; private set; }

    /// <inheritdoc />
    public int OutputSize => InputSize;

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <inheritdoc />
    public LayerConfig Config => new("Flatten");

    /// <inheritdoc />
    public Matrix<T>? Output => _output;

    /// <inheritdoc />
    public Matrix<T>? InputGradient => _inputGradient;

    /// <inheritdoc />
    public void Build(int inputSize, NumPyRandomState random) => InputSize = inputSize;

    /// <inheritdoc />
    /// <remarks>The input matrix itself: the values are already in NHWC order, one image per row.</remarks>
    public Matrix<T> Forward(Matrix<T> input)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        return _output = input;
    }

    /// <inheritdoc />
    public void Apply(Matrix<T> input, Matrix<T> output)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        input.CopyTo(output);
    }

    private void WrongWidth(int columns) =>
        throw new BackpropException($"The Flatten layer expects {InputSize} values per row, got {columns}.");

    /// <inheritdoc />
    /// <remarks>∂E/∂x = ∂E/∂y: the gradient itself.</remarks>
    public Matrix<T> Backward(Matrix<T> outputGradient) => _inputGradient = outputGradient;
}
