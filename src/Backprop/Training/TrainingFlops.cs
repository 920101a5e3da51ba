using System.Numerics;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>
/// One layer's floating-point operations for one example of a training step: the forward pass, the parameter
/// gradients and the input gradient (zero for a first layer, which does not compute it).
/// </summary>
/// <param name="Layer">The layer's name, such as "Dense" or "Conv2D".</param>
/// <param name="Forward">The forward pass: 2·inputs·outputs for Y = X·W (a multiply and an add per term), plus one add per output for the bias.</param>
/// <param name="WeightGradient">∂E/∂W = Xᵀ·δ (the same 2·inputs·outputs) and ∂E/∂b (one add per output).</param>
/// <param name="InputGradient">∂E/∂X = δ·Wᵀ (the same 2·inputs·outputs), or 0 where the layer skips it.</param>
public readonly record struct LayerFlops(string Layer, long Forward, long WeightGradient, long InputGradient)
{
    /// <summary>Forward and backward together.</summary>
    public long Training => Forward + WeightGradient + InputGradient;
}

/// <summary>
/// The arithmetic of training a network, counted from its architecture: what the matrix products and the biases of its
/// Dense and Conv2D layers compute per example. This is the work a speed floor divides by the GEMM's peak (bench/RESULTS.md).
/// </summary>
/// <remarks>
/// Counted: the products' multiply-adds (2 flops each) and the bias adds, forward and backward. Not counted: the
/// element-wise layers (activations, pooling, dropout, softmax), the loss, col2im's folding and the optimizer's update;
/// they are memory passes of a few operations per value, not work a matrix product could do, so the floor they leave
/// out is still a lower bound on an epoch's time. A Conv2D layer is the product of its unfolded windows with W: one row
/// of K·K·C per output pixel against K·K·C × filters.
/// </remarks>
public static class TrainingFlops
{
    /// <summary>Each layer's flops for one example, first to last (zeros for the layers that do no products).</summary>
    public static IReadOnlyList<LayerFlops> PerLayer<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        return [.. network.Layers.Select(Of)];
    }

    /// <summary>The flops of training on one example: every layer's forward and backward.</summary>
    public static long PerExample<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T> => PerExample(PerLayer(network));

    /// <summary>The flops of training on one example, from <see cref="PerLayer{T}"/>'s counts.</summary>
    public static long PerExample(IEnumerable<LayerFlops> layers) => layers.Sum(l => l.Training);

    /// <summary>The flops of an epoch over <paramref name="examples"/> training examples (the batch size does not change them).</summary>
    public static long PerEpoch<T>(Network<T> network, int examples) where T : unmanaged, IFloatingPointIeee754<T> =>
        PerEpoch(PerLayer(network), examples);

    /// <summary>The flops of an epoch over <paramref name="examples"/> training examples, from <see cref="PerLayer{T}"/>'s counts.</summary>
    public static long PerEpoch(IEnumerable<LayerFlops> layers, int examples) => PerExample(layers) * examples;

    private static LayerFlops Of<T>(ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T> => layer switch
    {
        // Each output is one row of X times one column of W: inputs·outputs terms.
        Dense<T> d => Product(d.Name, d.InputSize, d.OutputSize, rows: 1, d.HasBias, d.ComputesInputGradient),
        // One row of K·K·C window values per output pixel, times K·K·C × filters.
        Conv2D<T> c => Product(c.Name, (long)c.KernelSize * c.KernelSize * c.InputShape.Channels, c.Filters,
            rows: c.OutputShape!.Value.Pixels, c.HasBias, c.ComputesInputGradient),
        _ => new LayerFlops(layer.Name, 0, 0, 0),
    };

    /// <summary>[rows × inputs]·[inputs × outputs] forward, its transposes backward, and a bias add (and sum) per output value.</summary>
    private static LayerFlops Product(string name, long inputs, long outputs, long rows, bool bias, bool inputGradient)
    {
        long product = 2 * rows * inputs * outputs, biases = bias ? rows * outputs : 0;
        return new LayerFlops(name, product + biases, product + biases, inputGradient ? product : 0);
    }
}
