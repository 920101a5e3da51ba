using System.Numerics;

namespace Backprop.Optimizers;

/// <summary>Creates optimizers by the names used on the command line.</summary>
public static class OptimizerFactory
{
    /// <summary>The valid names.</summary>
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "adam"];

    /// <summary>The optimizer called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static Optimizer<T> Create<T>(string name, double learningRate, double momentum = 0.9, double weightDecay = 0)
        where T : unmanaged, IFloatingPointIeee754<T> => name.ToLowerInvariant() switch
    {
        "sgd" => new Sgd<T>(learningRate, weightDecay),
        "momentum" => new Momentum<T>(learningRate, momentum, nesterov: false, weightDecay),
        "nesterov" => new Momentum<T>(learningRate, momentum, nesterov: true, weightDecay),
        "adam" => new Adam<T>(learningRate, weightDecay: weightDecay),
        _ => throw new BackpropException($"Unknown optimizer '{name}'. Valid optimizers: {string.Join(", ", Names)}."),
    };
}
