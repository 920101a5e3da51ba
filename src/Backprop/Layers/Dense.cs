using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// A fully connected layer: Y = X·W + b, with W of shape inputs × outputs and one bias per output.
/// </summary>
public sealed class Dense<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Initializer _weightInit;
    private readonly Initializer _biasInit;
    private Parameter<T>[] _parameters = [];
    private Parameter<T>? _weights, _bias;
    private Matrix<T>? _input, _output, _inputGradient, _step;
    private T[] _biasStep = [];

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

    /// <summary>
    /// When set to a step size η, Backward also takes the plain gradient-descent step w ← w − η·∂E/∂w for W and b,
    /// inside the weight-gradient product (W ← W + Xᵀ·(−η·δ)), and leaves their <see cref="Parameter{T}.Gradient"/>
    /// unfilled: one pass over W instead of three (write ∂E/∂W, then read it and W and write W). The
    /// <see cref="Training.Trainer{T}"/> sets it for plain SGD on layers too big for the textbook-order products.
    /// </summary>
    internal T? FoldedStepSize { get; set; }

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
        if (Bias is { } b)
        {
            var bias = b.Value.AsSpan();
            for (int r = 0; r < output.Rows; r++)
            {
                var row = output.Row(r);
                Elementwise.Add(row, bias, row);
            }
        }
    }

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The Dense layer expects {InputSize} inputs per row, got {columns}.");

    /// <inheritdoc />
    public Matrix<T> Backward(Matrix<T> outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        if (FoldedStepSize is T eta) return BackwardWithStep(input, outputGradient, eta);
        // ∂E/∂W = Xᵀ·δ
        Gemm.Multiply(input, outputGradient, Weights.Gradient, transposeA: true);
        // ∂E/∂b = Σ over the batch of δ
        if (Bias is { } b) Elementwise.SumRows(outputGradient, b.Gradient.AsSpan());
        if (!ComputesInputGradient) return outputGradient;
        // ∂E/∂X = δ·Wᵀ
        var inputGradient = Buffers.Ensure(ref _inputGradient, input.Rows, InputSize);
        Gemm.Multiply(outputGradient, Weights.Value, inputGradient, transposeB: true);
        return inputGradient;
    }

    /// <summary>Backward with the SGD step folded in (see <see cref="FoldedStepSize"/>).</summary>
    private Matrix<T> BackwardWithStep(Matrix<T> input, Matrix<T> outputGradient, T eta)
    {
        // ∂E/∂X = δ·Wᵀ, first: it needs W before the step.
        Matrix<T>? inputGradient = null;
        if (ComputesInputGradient)
        {
            inputGradient = Buffers.Ensure(ref _inputGradient, input.Rows, InputSize);
            Gemm.Multiply(outputGradient, Weights.Value, inputGradient, transposeB: true);
        }
        // W ← W − η·Xᵀ·δ, as W += Xᵀ·(−η·δ): the product adds into W, so ∂E/∂W is never stored.
        var step = Buffers.Ensure(ref _step, outputGradient.Rows, OutputSize);
        TensorPrimitives.Multiply(outputGradient.AsSpan(), -eta, step.AsSpan());
        Gemm.Multiply(input, step, Weights.Value, transposeA: true, accumulate: true);
        // b ← b − η·Σ over the batch of δ
        if (Bias is { } b)
        {
            if (_biasStep.Length != OutputSize) _biasStep = new T[OutputSize];
            Elementwise.SumRows(step, _biasStep);
            Elementwise.Add(b.Value.AsSpan(), _biasStep, b.Value.AsSpan());
        }
        return inputGradient ?? outputGradient;
    }
}
