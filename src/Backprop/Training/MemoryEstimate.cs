using System.Numerics;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// What training a <see cref="NetworkRecipe"/> network will take in memory, worked out before anything is allocated, so
/// that a network that cannot fit is refused with its size instead of growing until the system kills the process.
/// All arithmetic is in <see cref="long"/>: <c>--layers 100000,100000</c> is 10¹⁰ weights, past <see cref="int"/>.
/// </summary>
public static class MemoryEstimate
{
    /// <summary>
    /// The bytes of the parameters (values and gradients), the optimizer's state and the layers' batch buffers of
    /// <paramref name="recipe"/>'s network for <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs,
    /// trained in batches of <paramref name="batchRows"/> with <paramref name="optimizer"/>.
    /// </summary>
    /// <remarks>Evaluation runs batches of up to <paramref name="evaluationRows"/> rows through the same buffers.</remarks>
    public static long TrainingBytes<T>(NetworkRecipe recipe, int inputs, int outputs, int batchRows, string optimizer, int evaluationRows = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(recipe);
        int stateBuffers = OptimizerFactory.Create<T>(optimizer, 1.0).StateBuffers;
        long rows = Math.Max(batchRows, evaluationRows);
        long values = 0;
        long width = inputs;
        var shape = recipe.InputShape;   // the images' shape while the layers keep images; null once flat
        foreach (var layer in recipe.Hidden.Append(outputs))
        {
            switch (layer)
            {
                case LayerSpec.Dense { Units: var next }:
                    CheckArray(width, next);
                    values += ((long)width * next + next) * (2 + stateBuffers);   // W and b, their gradients, the optimizer's buffers
                    values += rows * (next + width);                 // the Dense layer's output and ∂E/∂X
                    values += rows * 2L * next;                      // the activation's output and ∂E/∂(input)
                    width = next;
                    shape = null;
                    break;
                case LayerSpec.Convolution c when shape is { } input:
                {
                    var output = new Layers.SlidingWindow(c.Kernel, c.Stride, c.Padding).Output(input, c.Filters, "Conv2D");
                    long window = (long)c.Kernel * c.Kernel * input.Channels;
                    values += (window * c.Filters + c.Filters) * (2 + stateBuffers);
                    // The unfolded windows (one row of K·K·C per output pixel), the output, ∂E/∂X, and the activation's two.
                    values += rows * ((long)output.Height * output.Width * window + 3L * output.Size + width);
                    (width, shape) = (output.Size, output);
                    break;
                }
                case LayerSpec.MaxPool m when shape is { } input:
                {
                    var output = new Layers.SlidingWindow(m.Size, m.Stride, Layers.Padding.Valid).Output(input, input.Channels, "MaxPool2D");
                    values += rows * (2L * output.Size + width);     // the output, the winners' places and ∂E/∂X
                    (width, shape) = (output.Size, output);
                    break;
                }
                case LayerSpec.Dropout:
                    values += rows * 3L * width;                     // the mask, the output and ∂E/∂X
                    break;
                default:
                    break;   // Flatten keeps the values; convolution without a shape is refused when the network is built
            }
        }
        return values * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    }

    /// <summary><see cref="TrainingBytes{T}"/>, or null when a layer could not even be made (more weights than an array holds).</summary>
    public static long? TryTrainingBytes<T>(NetworkRecipe recipe, int inputs, int outputs, int batchRows, string optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try { return TrainingBytes<T>(recipe, inputs, outputs, batchRows, optimizer); }
        catch (BackpropException) { return null; }
    }

    /// <summary>The bytes this process may still allocate (<see cref="MemoryLimit.AvailableBytes"/>).</summary>
    public static long AvailableBytes => MemoryLimit.AvailableBytes;

    /// <summary>Throws a <see cref="BackpropException"/> naming the size when <see cref="TrainingBytes{T}"/> exceeds what <see cref="MemoryLimit"/> allows.</summary>
    /// <remarks><paramref name="network"/> describes the network in the message; by default its widths, such as "A 4-64-3 network".</remarks>
    public static void Check<T>(NetworkRecipe recipe, int inputs, int outputs, int batchRows, string optimizer, string? network = null,
        string fix = "use smaller layers (--layers)", int evaluationRows = 256, string purpose = "to train")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long needed = TrainingBytes<T>(recipe, inputs, outputs, batchRows, optimizer, evaluationRows);
        MemoryLimit.Check(needed, $"{network ?? $"A {inputs}-{string.Join("-", recipe.Hidden.Append(outputs))} network"} with {optimizer}", fix, purpose);
    }

    private static void CheckArray(long inputs, int outputs)
    {
        long weights = (long)inputs * outputs;
        if (weights > Array.MaxLength)
            throw new BackpropException($"A Dense layer of {inputs:N0} inputs and {outputs:N0} units has {weights:N0} weights, " +
                                        $"more than one array can hold ({Array.MaxLength:N0}); use smaller layers (--layers).");
    }

}
