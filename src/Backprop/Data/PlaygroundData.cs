using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// The six data sets of TensorFlow Playground, made the way it makes them: four classification sets (circle,
/// exclusive or, two Gaussians, two spirals) whose classes are −1 (orange) and +1 (blue), and two regression sets
/// (a plane and six Gaussian bumps). Points lie in about [−6, 6]². <c>noise</c> is the page's 0 to 0.5 (its 0–50 %).
/// As there, the noise moves the point at which the label is decided (circle, xor, the regression sets) or the point
/// itself (spiral, Gaussians). All randomness comes from <see cref="NumPyRandomState"/>, so a seed gives the same
/// points everywhere. The points come in the order they are made; a seeded split (<see cref="ValidationSplit"/>)
/// holds out the test part. Classification targets are one-hot, column 0 for −1 and column 1 for +1.
/// </summary>
public static class PlaygroundData
{
    /// <summary>The names of the classification sets, as <see cref="DataSources"/> knows them.</summary>
    public static readonly IReadOnlyList<string> ClassificationNames = ["circle", "xor-quadrants", "gauss", "spiral"];

    /// <summary>The names of the regression sets, as <see cref="DataSources"/> knows them (TensorFlow Playground's own).</summary>
    public static readonly IReadOnlyList<string> RegressionNames = ["reg-plane", "reg-gauss"];

    /// <summary>The class names, in target-column order.</summary>
    public static readonly IReadOnlyList<string> LabelNames = ["-1", "1"];

    /// <summary>TensorFlow Playground's sample counts: 500 points to classify, 1200 for regression.</summary>
    public const int ClassificationSamples = 500, RegressionSamples = 1200;

    /// <summary>Whether <paramref name="name"/> is one of these sets.</summary>
    public static bool Has(string name) => ClassificationNames.Contains(name) || RegressionNames.Contains(name);

    /// <summary>The set called <paramref name="name"/> with <paramref name="samples"/> points (null for the page's count).</summary>
    public static InMemoryDataset<T> Make<T>(string name, int? samples, double noise, uint seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool regression = RegressionNames.Contains(name);
        int n = samples ?? (regression ? RegressionSamples : ClassificationSamples);
        if (n < 2) throw new BackpropException($"The data set '{name}' needs at least 2 samples; got {n}.");
        if (!(noise >= 0 && noise <= 1)) throw new BackpropException($"The noise of '{name}' must be between 0 and 1 (the page's 0–50 % is 0 to 0.5); got {noise}.");
        var maker = new Maker(new NumPyRandomState(seed), noise);
        return name switch
        {
            "circle" => Classes<T>(maker.Circle(n)),
            "xor-quadrants" => Classes<T>(maker.Xor(n)),
            "gauss" => Classes<T>(maker.Gauss(n)),
            "spiral" => Classes<T>(maker.Spiral(n)),
            "reg-plane" => Values<T>(maker.Plane(n)),
            "reg-gauss" => Values<T>(maker.Bumps(n)),
            _ => throw new BackpropException($"Unknown playground data set '{name}'; use one of {string.Join(", ", ClassificationNames.Concat(RegressionNames))}."),
        };
    }

    /// <summary>Draws the points. Each formula is TensorFlow Playground's; the draws come in its order.</summary>
    private sealed class Maker(NumPyRandomState random, double noise)
    {
        private readonly List<(double X, double Y, double Label)> _points = [];

        private double Uniform(double a, double b) => a + (b - a) * random.RandomSample();

        // A label decided at a point moved by up to ±radius·noise in each direction.
        private (double X, double Y) Blurred(double x, double y, double radius) =>
            (x + Uniform(-radius, radius) * noise, y + Uniform(-radius, radius) * noise);

        /// <summary>A disc of radius 2.5 (blue) inside a ring from 3.5 to 5 (orange); the label is the blurred point's.</summary>
        public List<(double, double, double)> Circle(int n)
        {
            const double radius = 5;
            for (int i = 0; i < n; i++)
            {
                bool inner = i < n / 2;
                double r = inner ? Uniform(0, radius * 0.5) : Uniform(radius * 0.7, radius), angle = Uniform(0, 2 * Math.PI);
                double x = r * Math.Sin(angle), y = r * Math.Cos(angle);
                var (bx, by) = Blurred(x, y, radius);
                _points.Add((x, y, Math.Sqrt(bx * bx + by * by) < radius * 0.5 ? 1 : -1));
            }
            return _points;
        }

        /// <summary>Points in the four quadrants, kept 0.3 from the axes; blue where x·y ≥ 0 at the blurred point.</summary>
        public List<(double, double, double)> Xor(int n)
        {
            const double padding = 0.3;
            for (int i = 0; i < n; i++)
            {
                double x = Uniform(-5, 5), y = Uniform(-5, 5);
                x += x > 0 ? padding : -padding;
                y += y > 0 ? padding : -padding;
                var (bx, by) = Blurred(x, y, 5);
                _points.Add((x, y, bx * by >= 0 ? 1 : -1));
            }
            return _points;
        }

        /// <summary>Two Gaussians, blue around (2, 2) and orange around (−2, −2), of variance 0.5 + 7·noise.</summary>
        public List<(double, double, double)> Gauss(int n)
        {
            double sd = Math.Sqrt(0.5 + 7 * noise);   // the page maps noise 0…0.5 to variance 0.5…4
            for (int i = 0; i < n; i++)
            {
                bool blue = i < n / 2;
                double c = blue ? 2 : -2;
                double x = c + sd * random.StandardNormal(), y = c + sd * random.StandardNormal();
                _points.Add((x, y, blue ? 1 : -1));
            }
            return _points;
        }

        /// <summary>Two arms, r = 5·i/m at angle 1.75·2π·i/m (+π for the orange arm), each point moved by up to ±noise.</summary>
        public List<(double, double, double)> Spiral(int n)
        {
            for (int i = 0; i < n; i++)
            {
                bool blue = i < n / 2;
                int m = blue ? n / 2 : n - n / 2, k = blue ? i : i - n / 2;
                double r = (double)k / m * 5, t = 1.75 * k / m * 2 * Math.PI + (blue ? 0 : Math.PI);
                double x = r * Math.Sin(t) + Uniform(-1, 1) * noise, y = r * Math.Cos(t) + Uniform(-1, 1) * noise;
                _points.Add((x, y, blue ? 1 : -1));
            }
            return _points;
        }

        /// <summary>The plane (x + y)/10 over [−6, 6]², read at the blurred point.</summary>
        public List<(double, double, double)> Plane(int n)
        {
            for (int i = 0; i < n; i++)
            {
                double x = Uniform(-6, 6), y = Uniform(-6, 6);
                var (bx, by) = Blurred(x, y, 6);
                _points.Add((x, y, (bx + by) / 10));
            }
            return _points;
        }

        /// <summary>Six bumps of height ±1 falling to 0 at distance 2, on a 3 × 2 grid with alternating signs; the largest wins.</summary>
        public List<(double, double, double)> Bumps(int n)
        {
            (double X, double Y, double Sign)[] centres = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)];
            for (int i = 0; i < n; i++)
            {
                double x = Uniform(-6, 6), y = Uniform(-6, 6);
                var (bx, by) = Blurred(x, y, 6);
                double label = 0;
                foreach (var c in centres)
                {
                    double d = Math.Sqrt((bx - c.X) * (bx - c.X) + (by - c.Y) * (by - c.Y));
                    double value = c.Sign * Math.Max(0, 1 - d / 2);
                    if (Math.Abs(value) > Math.Abs(label)) label = value;
                }
                _points.Add((x, y, label));
            }
            return _points;
        }
    }

    private static InMemoryDataset<T> Classes<T>(List<(double X, double Y, double Label)> points) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = Inputs<T>(points);
        var targets = new Matrix<T>(points.Count, 2);
        for (int i = 0; i < points.Count; i++) targets[i, points[i].Label > 0 ? 1 : 0] = T.One;
        return new InMemoryDataset<T>(inputs, targets) { LabelNames = LabelNames };
    }

    private static InMemoryDataset<T> Values<T>(List<(double X, double Y, double Label)> points) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var targets = new Matrix<T>(points.Count, 1);
        for (int i = 0; i < points.Count; i++) targets[i, 0] = T.CreateChecked(points[i].Label);
        return new InMemoryDataset<T>(Inputs<T>(points), targets);
    }

    private static Matrix<T> Inputs<T>(List<(double X, double Y, double Label)> points) where T : unmanaged, IFloatingPointIeee754<T> =>
        Matrix<T>.FromDoubles(points.Select(p => new[] { p.X, p.Y }).ToArray());
}
