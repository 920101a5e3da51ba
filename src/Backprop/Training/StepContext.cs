using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// What a training step computed, handed to the step callbacks (one object reused for every step, so
/// callbacks cost no allocation). Read it inside the callback; it changes on the next step.
/// </summary>
public sealed class StepContext<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal StepContext(Network<T> network, bool gradientIsForLogits)
    {
        Network = network;
        GradientIsForLogits = gradientIsForLogits;
    }

    /// <summary>The network being trained: its layers hold this step's outputs and gradients.</summary>
    public Network<T> Network { get; }

    /// <summary>The epoch, counted from 1.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The step within the whole run, counted from 1.</summary>
    public long Step { get; internal set; }

    /// <summary>The sample indices of this batch.</summary>
    public ReadOnlyMemory<int> Indices { get; internal set; }

    /// <summary>The batch's inputs.</summary>
    public Matrix<T> Inputs { get; internal set; } = null!;

    /// <summary>The batch's targets.</summary>
    public Matrix<T> Targets { get; internal set; } = null!;

    /// <summary>The network's output for the batch (before the update).</summary>
    public Matrix<T> Output { get; internal set; } = null!;

    /// <summary>∂E/∂(output), or ∂E/∂(logits) for fused softmax cross-entropy.</summary>
    public Matrix<T> OutputGradient { get; internal set; } = null!;

    /// <summary>The batch's loss, before the update.</summary>
    public double Loss { get; internal set; }

    /// <summary>Whether <see cref="OutputGradient"/> is ∂E/∂(logits), taken past a final Softmax that Backward then skips.</summary>
    public bool GradientIsForLogits { get; }

    /// <summary>What layer <paramref name="index"/> of <see cref="Network"/> read in this step: the batch's inputs, or the layer before's output.</summary>
    public Matrix<T> LayerInput(int index) => index == 0 ? Inputs : Network.Layers[index - 1].Output!;

    /// <summary>
    /// ∂E/∂(output of layer <paramref name="index"/>) in this step (for a Dense layer without its activation, its δ):
    /// what the layer after it handed back, or <see cref="OutputGradient"/> for the last layer Backward ran (the one
    /// before a final Softmax when the gradient is for the logits); null for that skipped Softmax.
    /// </summary>
    public Matrix<T>? LayerOutputGradient(int index)
    {
        int last = Network.Layers.Count - (GradientIsForLogits ? 2 : 1);
        return index > last ? null : index == last ? OutputGradient : Network.Layers[index + 1].InputGradient;
    }

    /// <summary>
    /// Points the context at this step's batch. The buffers are the same from step to step, so only a change is
    /// written: each reference stored costs a GC write barrier, a noticeable part of a 4-sample step.
    /// </summary>
    internal void SetBatch(Matrix<T> inputs, Matrix<T> targets, Matrix<T> output, Matrix<T> outputGradient)
    {
        if (!ReferenceEquals(Inputs, inputs)) Inputs = inputs;
        if (!ReferenceEquals(Targets, targets)) Targets = targets;
        if (!ReferenceEquals(Output, output)) Output = output;
        if (!ReferenceEquals(OutputGradient, outputGradient)) OutputGradient = outputGradient;
    }
}
