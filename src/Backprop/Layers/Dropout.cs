using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// Dropout: while training, each value is zeroed with probability <see cref="Rate"/> and the others are scaled by
/// 1 / (1 − rate), so a value's expected output equals its input; when predicting it passes everything unchanged.
/// </summary>
/// <remarks>
/// The mask is drawn from the random state the network was built with, one <c>random_sample()</c> per value in
/// row-major order, and a value is kept when its draw is at least the rate: the same mask as NumPy's
/// <c>RandomState(seed).random_sample(shape) &gt;= rate</c>. The CLI builds the network and the trainer on one
/// random state, which checkpoints save, so a resumed run draws the same masks as one never stopped.
/// </remarks>
public sealed class Dropout<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private NumPyRandomState? _random;
    private Matrix<T>? _output, _mask, _inputGradient;
    private double[] _draws = [];

    /// <summary>Creates a dropout layer that zeroes a fraction <paramref name="rate"/> of the values while training.</summary>
    /// <param name="rate">The probability of zeroing each value, in [0, 1).</param>
    public Dropout(double rate)
    {
        if (!(rate >= 0 && rate < 1))
            throw new BackpropException($"A dropout rate must be at least 0 and below 1, got {rate}; try 0.25 or 0.5.");
        Rate = rate;
    }

    /// <inheritdoc />
    public string Name => "Dropout";

    /// <summary>The probability of zeroing each value while training.</summary>
    public double Rate { get; }

    /// <summary>
    /// Whether <see cref="Forward"/> drops values (true, the default) or passes them unchanged. Evaluation turns it off
    /// while it runs data through the network's buffers; <see cref="Apply"/> never drops.
    /// </summary>
    public bool Training { get; set; } = true;

    /// <inheritdoc />
    public int InputSize { get; private set; }

    /// <inheritdoc />
    public int OutputSize => InputSize;

    /// <inheritdoc />
    public ImageShape? OutputShape { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <inheritdoc />
    public LayerConfig Config => new("Dropout", Rate: Rate);

    /// <inheritdoc />
    public Matrix<T>? Output => _output;

    /// <inheritdoc />
    public Matrix<T>? InputGradient => _inputGradient;

    /// <inheritdoc />
    public void Build(int inputSize, NumPyRandomState random) => Build(inputSize, null, random);

    /// <inheritdoc />
    /// <remarks>Keeps <paramref name="random"/>: the masks are drawn from it.</remarks>
    public void Build(int inputSize, ImageShape? inputShape, NumPyRandomState random)
    {
        InputSize = inputSize;
        OutputShape = inputShape;
        _random = random;
    }

    /// <inheritdoc />
    public Matrix<T> Forward(Matrix<T> input)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        var output = Buffers.Ensure(ref _output, input.Rows, InputSize);
        var mask = Buffers.Ensure(ref _mask, input.Rows, InputSize);
        if (!Training)
        {
            input.CopyTo(output);
            mask.Fill(T.One);
            return output;
        }
        // m = 1/(1 − p) where the draw u ≥ p, else 0; y = x·m
        if (_draws.Length < mask.Capacity * InputSize) _draws = new double[mask.Capacity * InputSize];
        var draws = _draws.AsSpan(0, mask.Length);
        (_random ?? throw new InvalidOperationException("The layer is not built yet.")).RandomSample(draws);
        T keep = T.CreateChecked(1 / (1 - Rate));
        var m = mask.AsSpan();
        for (int i = 0; i < m.Length; i++) m[i] = draws[i] >= Rate ? keep : T.Zero;
        TensorPrimitives.Multiply(input.AsSpan(), m, output.AsSpan());
        return output;
    }

    /// <inheritdoc />
    public void Apply(Matrix<T> input, Matrix<T> output)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        input.CopyTo(output);
    }

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The Dropout layer expects {InputSize} values per row, got {columns}.");

    /// <inheritdoc />
    public Matrix<T> Backward(Matrix<T> outputGradient)
    {
        var mask = _mask ?? throw new InvalidOperationException("Backward called before Forward.");
        // ∂y/∂x = m: dropped values pass no gradient, kept ones pass it scaled like the value
        var inputGradient = Buffers.Ensure(ref _inputGradient, mask.Rows, InputSize);
        TensorPrimitives.Multiply(outputGradient.AsSpan(), mask.AsSpan(), inputGradient.AsSpan());
        return inputGradient;
    }
}
