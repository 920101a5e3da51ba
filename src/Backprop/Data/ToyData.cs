using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// The small fixed data sets of the logic gates and of the tutorials this project reproduces, so each
/// lesson's numbers can be run by name with nothing installed.
/// </summary>
public static class ToyData
{
    private static readonly double[][] TwoBitInputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    private static readonly string[] Binary = ["0", "1"];

    /// <summary>Exclusive or: 1 when exactly one input is 1. Not linearly separable, so it needs a hidden layer.</summary>
    public static InMemoryDataset<T> Xor<T>() where T : unmanaged, IFloatingPointIeee754<T> => Gate<T>(0, 1, 1, 0);

    /// <summary>Logical and: 1 only when both inputs are 1.</summary>
    public static InMemoryDataset<T> And<T>() where T : unmanaged, IFloatingPointIeee754<T> => Gate<T>(0, 0, 0, 1);

    /// <summary>Logical or: 1 when either input is 1.</summary>
    public static InMemoryDataset<T> Or<T>() where T : unmanaged, IFloatingPointIeee754<T> => Gate<T>(0, 1, 1, 1);

    /// <summary>The single-weight tutorial: one input, 5, whose target is 42 (regression).</summary>
    public static InMemoryDataset<T> SingleWeight<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        InMemoryDataset<T>.FromRows([[5]], [[42]]);

    /// <summary>The linear-neuron tutorial: [1, 1] → 0 and [1, 0] → 1 (regression).</summary>
    public static InMemoryDataset<T> LinearNeuron<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        InMemoryDataset<T>.FromRows([[1, 1], [1, 0]], [[0], [1]]);

    /// <summary>
    /// The sigmoid-neuron tutorial: the target is the first input; the third input is always 1 and
    /// plays the part of a bias.
    /// </summary>
    public static InMemoryDataset<T> SigmoidNeuron<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        InMemoryDataset<T>.FromRows([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], [[0], [1], [1], [0]], Binary);

    /// <summary>The neuron-with-bias tutorial: eight two-feature samples with a 0/1 class.</summary>
    public static InMemoryDataset<T> NeuronWithBias<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        InMemoryDataset<T>.FromRows(
            [[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]],
            [[0], [1], [0], [1], [0], [1], [1], [0]],
            Binary);

    private static InMemoryDataset<T> Gate<T>(double t00, double t01, double t10, double t11)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        InMemoryDataset<T>.FromRows(TwoBitInputs, [[t00], [t01], [t10], [t11]], Binary);
}
