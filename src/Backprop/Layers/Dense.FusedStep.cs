using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The Dense layer's fused step, apart from its four equations in Dense.cs: Backward and a plain gradient-descent step in one.</summary>
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
    /// Whether <see cref="BackwardAndDescend"/> pays and takes batches of <paramref name="rows"/> rows: the product is
    /// big enough to be packed (a tiny W is cheaper to update in the optimizer's own loop) and sums a batch in one pass.
    /// </summary>
    internal bool CanDescendInBackward(int rows) =>
        Gemm.IsPacked<T>((long)InputSize * OutputSize * rows) && Gemm.CanSubtractScaled<T>(InputSize, OutputSize, rows);
}
