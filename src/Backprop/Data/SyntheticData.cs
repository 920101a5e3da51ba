using System.Globalization;
using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// Seeded two-dimensional classification problems for pictures of decision regions. All randomness
/// comes from <see cref="NumPyRandomState"/>, so a seed gives the same points on every machine.
/// Circles and moons follow scikit-learn's <c>make_circles</c> and <c>make_moons</c> (points on curves,
/// shuffled, then Gaussian noise); spirals follow the CS231n notes. Targets are one-hot.
/// </summary>
public static class SyntheticData
{
    /// <summary>Two concentric circles: class 0 on the unit circle, class 1 on a circle of radius <paramref name="factor"/>.</summary>
    public static InMemoryDataset<T> Circles<T>(int samples = 200, double noise = 0.1, uint seed = 0, double factor = 0.5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(samples, noise, 2);
        if (!(factor > 0 && factor < 1)) throw new BackpropException($"The inner circle's factor must be between 0 and 1; got {factor}.");
        int outer = samples / 2;
        var points = new double[samples][];
        var labels = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            bool inner = i >= outer;
            int n = inner ? samples - outer : outer, k = inner ? i - outer : i;
            // k · (2π / n), in NumPy's order: np.linspace(0, 2π, n, endpoint=False)[k].
            double angle = k * (2 * Math.PI / n), radius = inner ? factor : 1;
            points[i] = [Math.Cos(angle) * radius, Math.Sin(angle) * radius];
            labels[i] = inner ? 1 : 0;
        }
        return ShuffleAndBlur<T>(points, labels, 2, noise, seed);
    }

    /// <summary>Two interleaving half circles.</summary>
    public static InMemoryDataset<T> Moons<T>(int samples = 200, double noise = 0.1, uint seed = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(samples, noise, 2);
        int outer = samples / 2;
        var points = new double[samples][];
        var labels = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            bool inner = i >= outer;
            double angle = inner ? Linspace(Math.PI, samples - outer, i - outer) : Linspace(Math.PI, outer, i);
            points[i] = inner ? [1 - Math.Cos(angle), 1 - Math.Sin(angle) - 0.5] : [Math.Cos(angle), Math.Sin(angle)];
            labels[i] = inner ? 1 : 0;
        }
        return ShuffleAndBlur<T>(points, labels, 2, noise, seed);
    }

    /// <summary>
    /// <paramref name="classes"/> interleaved spiral arms: arm j has radii evenly from 0 to 1 and angles
    /// from 4j to 4(j + 1) plus normal noise of standard deviation <paramref name="noise"/>. Not shuffled.
    /// </summary>
    public static InMemoryDataset<T> Spirals<T>(int samples = 300, int classes = 3, double noise = 0.2, uint seed = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(samples, noise, classes);
        var random = new NumPyRandomState(seed);
        var points = new double[samples][];
        var labels = new int[samples];
        for (int j = 0, i = 0; j < classes; j++)
        {
            int n = samples / classes + (j < samples % classes ? 1 : 0);
            for (int k = 0; k < n; k++, i++)
            {
                double radius = Linspace(1, n, k);
                double angle = 4 * j + Linspace(4, n, k) + random.StandardNormal() * noise;
                points[i] = [radius * Math.Sin(angle), radius * Math.Cos(angle)];
                labels[i] = j;
            }
        }
        return Build<T>(points, labels, classes);
    }

    /// <summary>np.linspace(0, stop, n)[k]: evenly spaced, both ends included.</summary>
    private static double Linspace(double stop, int n, int k) =>
        n == 1 ? 0 : k == n - 1 ? stop : k * (stop / (n - 1));

    private static void Check(int samples, double noise, int classes)
    {
        if (classes < 2) throw new BackpropException($"A classification problem needs at least 2 classes; got {classes}.");
        if (samples < classes) throw new BackpropException($"Need at least one sample per class ({classes}); got {samples} samples.");
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new BackpropException($"The noise must be a finite number ≥ 0; got {noise}.");
    }

    /// <summary>Shuffles the rows as sklearn.utils.shuffle does, then adds normal(0, noise) to every coordinate, row by row.</summary>
    private static InMemoryDataset<T> ShuffleAndBlur<T>(double[][] points, int[] labels, int classes, double noise, uint seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new NumPyRandomState(seed);
        int[] order = new int[points.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        random.Shuffle<int>(order);
        double[][] shuffled = order.Select(i => points[i]).ToArray();
        int[] shuffledLabels = order.Select(i => labels[i]).ToArray();
        if (noise > 0)
        {
            foreach (double[] p in shuffled)
                for (int c = 0; c < p.Length; c++) p[c] += noise * random.StandardNormal();
        }
        return Build<T>(shuffled, shuffledLabels, classes);
    }

    private static InMemoryDataset<T> Build<T>(double[][] points, int[] labels, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var targets = new Matrix<T>(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++) targets[i, labels[i]] = T.One;
        string[] names = Enumerable.Range(0, classes).Select(j => j.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new InMemoryDataset<T>(Matrix<T>.FromDoubles(points), targets) { LabelNames = names };
    }
}
