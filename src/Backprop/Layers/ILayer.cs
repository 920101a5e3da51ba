using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// One step of a network. Forward keeps what Backward needs; Backward receives ∂E/∂(output),
/// fills the parameters' gradients and returns ∂E/∂(input). Buffers belong to the layer: they grow to the
/// largest batch seen and smaller batches use their first rows, so a running training loop allocates nothing.
/// </summary>
public interface ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Display name, such as "Dense" or "Sigmoid".</summary>
    string Name { get; }

    /// <summary>Input width (known after Build).</summary>
    int InputSize { get; }

    /// <summary>Output width (known after Build).</summary>
    int OutputSize { get; }

    /// <summary>Fixes the input width and initialises parameters, drawing from <paramref name="random"/>.</summary>
    void Build(int inputSize, NumPyRandomState random);

    /// <summary>Computes the output for a batch (one sample per row) and remembers what Backward needs.</summary>
    Matrix<T> Forward(Matrix<T> input);

    /// <summary>Given ∂E/∂(output) of the last Forward, fills parameter gradients and returns ∂E/∂(input).</summary>
    Matrix<T> Backward(Matrix<T> outputGradient);

    /// <summary>
    /// Computes the output into <paramref name="output"/> without touching the layer's buffers, so
    /// several threads may predict with one network at once.
    /// </summary>
    void Apply(Matrix<T> input, Matrix<T> output);

    /// <summary>The trainable parameters (empty for activations).</summary>
    IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The configuration needed to rebuild this layer.</summary>
    LayerConfig Config { get; }

    /// <summary>The output of the last Forward.</summary>
    Matrix<T>? Output { get; }

    /// <summary>∂E/∂(input) from the last Backward (what the layer handed to the one before it), or null before any.</summary>
    Matrix<T>? InputGradient => null;

    /// <summary>
    /// The layout of an output row when it is an image (after <see cref="Build(int, ImageShape?, NumPyRandomState)"/>),
    /// or null when it is a plain vector, as after a Dense layer.
    /// </summary>
    ImageShape? OutputShape => null;

    /// <summary>
    /// Builds the layer for input rows of <paramref name="inputSize"/> values laid out as <paramref name="inputShape"/>
    /// (null for plain vectors). Layers that see rows as vectors ignore the shape; convolution and pooling need it.
    /// </summary>
    void Build(int inputSize, ImageShape? inputShape, NumPyRandomState random) => Build(inputSize, random);
}
