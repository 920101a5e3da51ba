using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// A fully connected layer: Y = X·W + b, with W of shape inputs × outputs and one bias per output.
/// </summary>
/// <remarks>The trainer's fused step (Backward and plain SGD in one pass) and its test of when it pays are apart, in Dense.FusedStep.cs.</remarks>
public sealed partial class Dense<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Initializer _weightInit;
    private readonly Initializer _biasInit;
    private Parameter<T>[] _parameters = [];
    private Parameter<T>? _weights, _bias;
    private Matrix<T>? _input, _output, _inputGradient;

    /// <summary>Creates a layer with <paramref name="units"/> outputs.</summary>
    /// <param name="units">Number of outputs.</param>
    /// <param name="bias">Whether to add a bias b.</param>
    /// <param name="weights">Weight initialisation; Xavier by default.</param>
    /// <param name="biasInit">Bias initialisation; zero by default.</param>
    public Dense(int units, bool bias = true, Initializer? weights = null, Initializer? biasInit = null)
    {
        if (units <= 0) throw new BackpropException($"A Dense layer needs at least one unit, got {units}.");
        OutputSize = units;
        HasBias = bias;
        _weightInit = weights ?? new Initializer.Xavier();
        _biasInit = biasInit ?? new Initializer.Constant(0);
    }

    /// <inheritdoc />
    public string Name => "Dense";

    /// <inheritdoc />
    public int InputSize { get; private set; }

    /// <inheritdoc />
    public int OutputSize { get; }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias { get; }

    /// <summary>The weights W (inputs × outputs).</summary>
    public Parameter<T> Weights => _weights ?? throw new InvalidOperationException("The layer is not built yet.");

    /// <summary>The bias b (1 × outputs), or null without bias.</summary>
    public Parameter<T>? Bias => _bias;

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>
    /// False for a network's first layer: nothing upstream needs ∂E/∂X there, and skipping δ·Wᵀ saves a third
    /// of the layer's backward work. Backward then returns the output gradient unchanged.
    /// </summary>
    public bool ComputesInputGradient { get; set; } = true;

    /// <inheritdoc />
    public LayerConfig Config => new("Dense", OutputSize, HasBias);

    /// <inheritdoc />
    public Matrix<T>? Output => _output;

    /// <inheritdoc />
    public Matrix<T>? InputGradient => _inputGradient;

    /// <inheritdoc />
    public void Build(int inputSize, NumPyRandomState random)
    {
        InputSize = inputSize;
        var w = new Parameter<T>("W", inputSize, OutputSize);
        Initialise(w, _weightInit, random);
        _weights = w;
        _bias = null;
        if (HasBias)
        {
            var b = _bias = new Parameter<T>("b", 1, OutputSize);
            Initialise(b, _biasInit, random);
            _parameters = [w, b];
        }
        else _parameters = [w];
    }

    private void Initialise(Parameter<T> p, Initializer init, NumPyRandomState random)
    {
        var values = new double[p.Value.Length];
        init.Fill(values, InputSize, OutputSize, random);
        var span = p.Value.AsSpan();
        for (int i = 0; i < values.Length; i++) span[i] = T.CreateChecked(values[i]);
    }

    /// <inheritdoc />
    // Not inlined into Network.Forward/Backward (Backward below likewise): inlined there, a tiny network's layers
    // used up that method's inlining budget, and the small helpers inside (the product, the spans) stayed calls;
    // compiled on its own, each layer inlines them. The 9-line neuron measured it (bench/RESULTS.md).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public Matrix<T> Forward(Matrix<T> input)
    {
        _input = input;
        var output = Buffers.Ensure(ref _output, input.Rows, OutputSize);
        Apply(input, output);
        return output;
    }

    /// <inheritdoc />
    public void Apply(Matrix<T> input, Matrix<T> output)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        // Y = X·W (+ b on every row)
        Gemm.Multiply(input, Weights.Value, output);
        AddBias(output);
    }

    /// <summary>Y += b on every row (nothing without a bias).</summary>
    private void AddBias(Matrix<T> output)
    {
        if (Bias is not { } b) return;
        var bias = b.Value.AsSpan();
        for (int r = 0; r < output.Rows; r++)
        {
            var row = output.Row(r);
            Elementwise.Add(row, bias, row);
        }
    }

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The Dense layer expects {InputSize} inputs per row, got {columns}.");

    /// <inheritdoc />
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public Matrix<T> Backward(Matrix<T> outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        // ∂E/∂W = Xᵀ·δ
        Gemm.Multiply(input, outputGradient, Weights.Gradient, transposeA: true);
        // ∂E/∂b = Σ over the batch of δ
        if (Bias is { } b) Elementwise.SumRows(outputGradient, b.Gradient.AsSpan());
        // ∂E/∂X = δ·Wᵀ
        return InputGradientOf(input, outputGradient);
    }

    /// <summary>∂E/∂X = δ·Wᵀ, or δ itself for a first layer, which need not compute it (see <see cref="ComputesInputGradient"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private Matrix<T> InputGradientOf(Matrix<T> input, Matrix<T> outputGradient)
    {
        if (!ComputesInputGradient) return outputGradient;
        var inputGradient = Buffers.Ensure(ref _inputGradient, input.Rows, InputSize);
        Gemm.Multiply(outputGradient, Weights.Value, inputGradient, transposeB: true);
        return inputGradient;
    }
}
