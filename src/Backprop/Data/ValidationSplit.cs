using System.Numerics;
using Backprop.Random;

namespace Backprop.Data;

/// <summary>Holds out a seeded random fraction of a data set for validation.</summary>
public static class ValidationSplit
{
    /// <summary>
    /// Shuffles the sample indices with <c>np.random.RandomState(seed).permutation(n)</c>, puts the first
    /// ⌈fraction · n⌉ in the validation set and the rest in the training set. A fraction of 0 gives no
    /// validation set and returns <paramref name="data"/> itself.
    /// </summary>
    /// <example><c>var (train, validation) = ValidationSplit.Split(data, 0.2, seed: 42);</c></example>
    public static (Dataset<T> Train, Dataset<T>? Validation) Split<T>(Dataset<T> data, double fraction, uint seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(fraction >= 0 && fraction < 1))
            throw new BackpropException($"The validation split must be at least 0 and below 1; got {fraction}.");
        if (fraction == 0) return (data, null);

        int validationCount = (int)Math.Ceiling(fraction * data.Count);
        if (validationCount >= data.Count)
            throw new BackpropException(
                $"A validation split of {fraction} leaves no training samples out of {data.Count}; use a smaller split or more data.");
        int[] order = new NumPyRandomState(seed).Permutation(data.Count);
        return (data.Subset(order.AsSpan(validationCount)), data.Subset(order.AsSpan(0, validationCount)));
    }
}
