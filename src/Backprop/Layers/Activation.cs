using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// An element-wise (or row-wise, for Softmax) function with no parameters. A subclass writes the
/// function and its local derivative side by side; this base keeps the buffers.
/// </summary>
public abstract class Activation<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? _input, _output, _inputGradient;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public int InputSize { get; private set; }

    /// <inheritdoc />
    public int OutputSize => InputSize;

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <inheritdoc />
    public virtual LayerConfig Config => new(Name);

    /// <inheritdoc />
    public Matrix<T>? Output => _output;

    /// <inheritdoc />
    public Matrix<T>? InputGradient => _inputGradient;

    /// <inheritdoc />
    public void Build(int inputSize, NumPyRandomState random) => Build(inputSize, null, random);

    /// <inheritdoc />
    public void Build(int inputSize, ImageShape? inputShape, NumPyRandomState random)
    {
        InputSize = inputSize;
        OutputShape = inputShape;
    }

    /// <inheritdoc />
    /// <remarks>An element-wise function keeps the image layout of its input.</remarks>
    public ImageShape? OutputShape { get; private set; }

    /// <inheritdoc />
    // Not inlined into Network.Forward/Backward (Backward below likewise): inlined there, a tiny network's layers
    // used up that method's inlining budget, and the small helpers inside (the product, the spans) stayed calls;
    // compiled on its own, each layer inlines them. The 9-line neuron measured it (bench/RESULTS.md).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public Matrix<T> Forward(Matrix<T> input)
    {
        _input = input;
        var output = Buffers.Ensure(ref _output, input.Rows, input.Columns);
        Apply(input, output);
        return output;
    }

    /// <inheritdoc />
    public void Apply(Matrix<T> input, Matrix<T> output)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        Function(input, output);
    }

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The {Name} layer expects {InputSize} values per row, got {columns}.");

    /// <inheritdoc />
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public Matrix<T> Backward(Matrix<T> outputGradient)
    {
        if (_input is null || _output is null) throw new InvalidOperationException("Backward called before Forward.");
        var inputGradient = Buffers.Ensure(ref _inputGradient, _input.Rows, _input.Columns);
        Derivative(outputGradient, _input, _output, inputGradient);
        return inputGradient;
    }

    /// <summary>y = f(x).</summary>
    protected abstract void Function(Matrix<T> x, Matrix<T> y);

    /// <summary>dx = ∂E/∂x given g = ∂E/∂y, the input x and the output y of the last Forward.</summary>
    protected abstract void Derivative(Matrix<T> g, Matrix<T> x, Matrix<T> y, Matrix<T> dx);
}
