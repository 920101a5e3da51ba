using System.Numerics;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// A model read from a file: the network and its metadata. <see cref="ModelFile.Load(string)"/> returns
/// whichever numeric type the file holds; match on <see cref="LoadedModel{T}"/> (or call <see cref="Match"/>)
/// to reach the typed network.
/// </summary>
public abstract class LoadedModel
{
    private protected LoadedModel(string path, ModelMetadata metadata)
    {
        Path = path;
        Metadata = metadata;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The task, loss, input normalization and label names saved with it.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>"float32" or "float64".</summary>
    public abstract string NumericType { get; }

    /// <summary>Width of an input row.</summary>
    public abstract int InputSize { get; }

    /// <summary>Width of an output row.</summary>
    public abstract int OutputSize { get; }

    /// <summary>The network's layer table (see <see cref="Network{T}.Summary"/>).</summary>
    public abstract string Summary();

    /// <summary>Calls <paramref name="ifFloat"/> or <paramref name="ifDouble"/> with the typed model.</summary>
    /// <example><c>int outputs = model.Match(m => m.Network.OutputSize, m => m.Network.OutputSize);</c></example>
    public TResult Match<TResult>(Func<LoadedModel<float>, TResult> ifFloat, Func<LoadedModel<double>, TResult> ifDouble) => this switch
    {
        LoadedModel<float> f => ifFloat(f),
        LoadedModel<double> d => ifDouble(d),
        _ => throw new InvalidOperationException($"A model of {NumericType} cannot be matched."),
    };
}

/// <summary>A model whose weights are <typeparamref name="T"/>.</summary>
public sealed class LoadedModel<T> : LoadedModel where T : unmanaged, IFloatingPointIeee754<T>
{
    internal LoadedModel(string path, Network<T> network, ModelMetadata metadata) : base(path, metadata) => Network = network;

    /// <summary>The network, ready to predict (its Predict is safe from several threads at once).</summary>
    public Network<T> Network { get; }

    /// <inheritdoc />
    public override string NumericType => Architecture.NumericTypeOf<T>();

    /// <inheritdoc />
    public override int InputSize => Network.InputSize;

    /// <inheritdoc />
    public override int OutputSize => Network.OutputSize;

    /// <inheritdoc />
    public override string Summary() => Network.Summary();
}
