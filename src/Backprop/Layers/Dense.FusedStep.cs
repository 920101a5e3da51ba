using System.Numerics;
using Backprop.Optimizers;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The Dense layer's fused steps, apart from its four equations in Dense.cs: Backward and a plain gradient-descent (or Adam) step in one.</summary>
public sealed partial class Dense<T>
{
    private T[] _biasGradient = [];

    /// <summary>
    /// What <see cref="Backward"/> followed by plain SGD's step with rate <paramref name="learningRate"/> does, with
    /// ∂E/∂W never stored: ∂E/∂X, then W ← W − η·Xᵀ·δ as one product that subtracts into W, and b ← b − η·Σδ. That is
    /// one pass over W instead of three (write ∂E/∂W; then read it and W, and write W). The product forms each sum in
    /// full before it scales and subtracts it (<see cref="Gemm.SubtractScaled"/>), and the bias takes the same
    /// element-wise step as the optimizer (<see cref="Elementwise.SubtractScaled"/>), so W and b end bit for bit as
    /// the two separate steps leave them. The trainer's plan (Training/StepPlan.cs) hands this layer η when the
    /// optimizer is plain SGD without weight decay and no hook reads the gradients: <see cref="Parameter{T}.Gradient"/>
    /// is left as it was.
    /// </summary>
    internal Matrix<T> BackwardAndDescend(Matrix<T> outputGradient, T learningRate)
    {
        var input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        // ∂E/∂X first: it needs W before the step.
        var inputGradient = InputGradientOf(input, outputGradient);
        // W ← W − η·(Xᵀ·δ)
        Gemm.SubtractScaled(input, outputGradient, Weights.Value, learningRate, transposeA: true);
        // b ← b − η·Σ over the batch of δ
        if (Bias is { } b)
        {
            if (_biasGradient.Length != OutputSize) _biasGradient = new T[OutputSize];
            Elementwise.SumRows(outputGradient, _biasGradient);
            Elementwise.SubtractScaled(b.Value.AsSpan(), _biasGradient, learningRate);
        }
        return inputGradient;
    }

    /// <summary>
    /// What <see cref="Backward"/> followed by Adam's step on W (<paramref name="rule"/>, with W's moments
    /// <paramref name="m"/> and <paramref name="v"/>) does, with ∂E/∂W never stored: ∂E/∂X, then the product Xᵀ·δ
    /// whose store takes Adam's step on each weight once its sum is complete (<see cref="Gemm.AdamStep"/>: Adam's own
    /// rule, so W, m and v end bit for bit as after the two separate steps). ∂E/∂b is stored as Backward stores it,
    /// for the optimizer's step. The trainer's plan hands this layer the rule of the coming step when the optimizer is
    /// Adam without weight decay and no hook reads the gradients.
    /// </summary>
    internal Matrix<T> BackwardAndAdam(Matrix<T> outputGradient, in AdamRule<T> rule, T[] m, T[] v)
    {
        var input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        // ∂E/∂X first: it needs W before the step.
        var inputGradient = InputGradientOf(input, outputGradient);
        if (Gemm.IsPacked<T>((long)InputSize * OutputSize * input.Rows))
            Gemm.AdamStep(input, outputGradient, Weights.Value, m, v, rule, transposeA: true);   // W takes its step with ∂E/∂W = Xᵀ·δ
        else
        {
            // A batch too small for the packed product (a short last batch): ∂E/∂W stored, then the same rule.
            Gemm.Multiply(input, outputGradient, Weights.Gradient, transposeA: true);
            Span<T> w = Weights.Value.AsSpan(), g = Weights.Gradient.AsSpan();
            for (int i = 0; i < w.Length; i++) rule.Step(ref w[i], ref m[i], ref v[i], g[i]);
        }
        // ∂E/∂b = Σ over the batch of δ
        if (Bias is { } b) Elementwise.SumRows(outputGradient, b.Gradient.AsSpan());
        return inputGradient;
    }

    /// <summary>
    /// Whether <see cref="BackwardAndDescend"/> and <see cref="BackwardAndAdam"/> pay and takes batches of <paramref name="rows"/> rows: the product is
    /// big enough to be packed (a tiny W is cheaper to update in the optimizer's own loop) and sums a batch in one pass.
    /// </summary>
    internal bool CanDescendInBackward(int rows) =>
        Gemm.IsPacked<T>((long)InputSize * OutputSize * rows) && Gemm.CanSubtractScaled<T>(InputSize, OutputSize, rows);
}
