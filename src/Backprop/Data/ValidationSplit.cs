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

    /// <summary>
    /// Like <see cref="Split{T}"/>, but for a classification set (one with label names) each class is held out in the
    /// same proportion, as scikit-learn's stratified splits do: of a class's n samples, in the order of the same
    /// seeded permutation, the first round(fraction · n) go to validation, at least one when the class has two or
    /// more and never all of them. A set without label names is split as <see cref="Split{T}"/> splits it.
    /// </summary>
    public static (Dataset<T> Train, Dataset<T>? Validation) Stratified<T>(Dataset<T> data, double fraction, uint seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.LabelNames is null || fraction == 0) return Split(data, fraction, seed);
        if (!(fraction >= 0 && fraction < 1))
            throw new BackpropException($"The validation split must be at least 0 and below 1; got {fraction}.");
        // Each sample's class, read a batch at a time: 60,000 images stay bytes rather than becoming 188 MB of floats.
        var classes = new int[data.Count];
        int row = 0;
        foreach (var (_, targets) in data.InOrder(1024))
            for (int r = 0; r < targets.Rows; r++) classes[row++] = Training.Evaluation.ClassOf<T>(targets.Row(r));
        int[] order = new NumPyRandomState(seed).Permutation(data.Count);
        var byClass = order.GroupBy(i => classes[i]);
        var held = new HashSet<int>();
        foreach (var members in byClass)
        {
            int n = members.Count();
            int k = n < 2 ? 0 : Math.Clamp((int)Math.Round(fraction * n, MidpointRounding.AwayFromZero), 1, n - 1);
            held.UnionWith(members.Take(k));
        }
        if (held.Count == 0)
            throw new BackpropException($"A validation split of {fraction} holds out no samples of {data.Count}: every class has a single sample; use more data.");
        int[] validation = [.. order.Where(held.Contains)], train = [.. order.Where(i => !held.Contains(i))];
        return (data.Subset(train), data.Subset(validation));
    }
}
