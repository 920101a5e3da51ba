using Backprop.Data;
using Backprop.Random;

namespace Backprop.Lessons.MnistNetwork;

/// <summary>
/// The example in plain C# loops: h = ReLU(x·W₁ + b₁), y = softmax(h·W₂ + b₂), E = −1/n Σ ln y[label]; δ₂ = (y − t)/n,
/// δ₁ = δ₂·W₂ᵀ where h &gt; 0; ∂E/∂W = inputᵀ·δ; Adam with m̂ and v̂. Pixels are read as bytes and divided by 255.
/// Zero pixels are skipped in the first layer's products (0·w adds nothing), which halves the work on these images.
/// NumPyRandomState plays the random generator.
/// </summary>
public static class MnistNetworkFromScratch
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    /// <summary>Trains and returns each epoch's numbers.</summary>
    public static MnistNetworkResult Train(MnistNetworkOptions options, string name, IdxImageDataset<double> train, IdxImageDataset<double> test)
    {
        int inputs = train.InputSize, hidden = options.Hidden, classes = 10, b = options.BatchSize;
        var random = new NumPyRandomState(options.Seed);
        // Xavier-uniform U(−a, a), a = √(6 / (fan-in + fan-out)), W₁ then W₂ drawn row by row; biases 0.
        double[] w1 = Xavier(inputs, hidden, random), b1 = new double[hidden], w2 = Xavier(hidden, classes, random), b2 = new double[classes];
        double[][] parameters = [w1, b1, w2, b2];
        var adam = parameters.Select(p => (M: new double[p.Length], V: new double[p.Length])).ToArray();
        var grads = parameters.Select(p => new double[p.Length]).ToArray();

        int n = train.Count;
        int[] order = [.. Enumerable.Range(0, n)];
        var epochs = new List<MnistEpoch>();
        double[] x = new double[b * inputs], h = new double[b * hidden], y = new double[b * classes], d2 = new double[b * classes], d1 = new double[b * hidden];
        int[] labels = new int[b];
        long t = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle<int>(order);
            double lossSum = 0;
            for (int start = 0; start < n; start += b)
            {
                int rows = Math.Min(b, n - start);
                for (int r = 0; r < rows; r++)
                {
                    var pixels = train.Pixels(order[start + r]);
                    for (int i = 0; i < inputs; i++) x[r * inputs + i] = pixels[i] / 255.0;
                    labels[r] = train.Label(order[start + r]);
                }
                double loss = Forward(x, rows, inputs, w1, b1, w2, b2, h, y, labels);
                lossSum += loss * rows;

                // Backward: δ₂ = (y − t)/n, then ∂E/∂W₂ = hᵀ·δ₂, δ₁ = δ₂·W₂ᵀ ∘ [h > 0], ∂E/∂W₁ = xᵀ·δ₁.
                foreach (var g in grads) Array.Clear(g);
                for (int r = 0; r < rows; r++)
                    for (int k = 0; k < classes; k++) d2[r * classes + k] = (y[r * classes + k] - (labels[r] == k ? 1 : 0)) / rows;
                for (int r = 0; r < rows; r++)
                    for (int j = 0; j < hidden; j++)
                    {
                        double hj = h[r * hidden + j], s = 0;
                        for (int k = 0; k < classes; k++)
                        {
                            grads[2][j * classes + k] += hj * d2[r * classes + k];
                            s += d2[r * classes + k] * w2[j * classes + k];
                        }
                        d1[r * hidden + j] = hj > 0 ? s : 0;
                    }
                for (int r = 0; r < rows; r++)
                {
                    for (int k = 0; k < classes; k++) grads[3][k] += d2[r * classes + k];
                    for (int j = 0; j < hidden; j++) grads[1][j] += d1[r * hidden + j];
                    for (int i = 0; i < inputs; i++)
                    {
                        double xi = x[r * inputs + i];
                        if (xi == 0) continue;
                        for (int j = 0; j < hidden; j++) grads[0][i * hidden + j] += xi * d1[r * hidden + j];
                    }
                }

                // Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − η·m̂/(√v̂ + ε).
                t++;
                double c1 = 1 - Math.Pow(Beta1, t), c2 = 1 - Math.Pow(Beta2, t);
                for (int p = 0; p < parameters.Length; p++)
                    for (int i = 0; i < parameters[p].Length; i++)
                    {
                        double g = grads[p][i];
                        adam[p].M[i] = Beta1 * adam[p].M[i] + (1 - Beta1) * g;
                        adam[p].V[i] = Beta2 * adam[p].V[i] + (1 - Beta2) * g * g;
                        parameters[p][i] -= options.LearningRate * (adam[p].M[i] / c1) / (Math.Sqrt(adam[p].V[i] / c2) + Epsilon);
                    }
            }
            var (error, accuracy) = Test(test, inputs, hidden, w1, b1, w2, b2);
            epochs.Add(MnistNetworkLesson.Printed(epoch, lossSum / n, error, accuracy));
        }
        return new MnistNetworkResult(name, n, test.Count, parameters.Sum(p => (long)p.Length), [.. epochs]);
    }

    /// <summary>h = ReLU(x·W₁ + b₁) and y = softmax(h·W₂ + b₂) for <paramref name="rows"/> images; returns the mean cross-entropy.</summary>
    private static double Forward(double[] x, int rows, int inputs, double[] w1, double[] b1, double[] w2, double[] b2, double[] h, double[] y, int[] labels)
    {
        int hidden = b1.Length, classes = b2.Length;
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            var hr = h.AsSpan(r * hidden, hidden);
            hr.Clear();
            for (int i = 0; i < inputs; i++)
            {
                double xi = x[r * inputs + i];
                if (xi == 0) continue;
                for (int j = 0; j < hidden; j++) hr[j] += xi * w1[i * hidden + j];
            }
            for (int j = 0; j < hidden; j++) hr[j] = Math.Max(0, hr[j] + b1[j]);
            var yr = y.AsSpan(r * classes, classes);
            double max = double.NegativeInfinity, sum = 0;
            for (int k = 0; k < classes; k++)
            {
                double z = b2[k];
                for (int j = 0; j < hidden; j++) z += hr[j] * w2[j * classes + k];
                yr[k] = z;
                max = Math.Max(max, z);
            }
            for (int k = 0; k < classes; k++) sum += yr[k] = Math.Exp(yr[k] - max);
            for (int k = 0; k < classes; k++) yr[k] /= sum;
            loss -= Math.Log(yr[labels[r]]);
        }
        return loss / rows;
    }

    /// <summary>The mean cross-entropy and the accuracy (in percent) on the test images.</summary>
    private static (double Error, double Accuracy) Test(IdxImageDataset<double> test, int inputs, int hidden, double[] w1, double[] b1, double[] w2, double[] b2)
    {
        double[] x = new double[inputs], h = new double[hidden], y = new double[10];
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < test.Count; s++)
        {
            var pixels = test.Pixels(s);
            for (int i = 0; i < inputs; i++) x[i] = pixels[i] / 255.0;
            int[] label = [test.Label(s)];
            loss += Forward(x, 1, inputs, w1, b1, w2, b2, h, y, label);
            int best = 0;
            for (int k = 1; k < 10; k++) if (y[k] > y[best]) best = k;
            if (best == label[0]) correct++;
        }
        return (loss / test.Count, 100.0 * correct / test.Count);
    }

    private static double[] Xavier(int fanIn, int fanOut, NumPyRandomState random)
    {
        double a = Math.Sqrt(6.0 / (fanIn + fanOut));
        var w = new double[fanIn * fanOut];
        for (int i = 0; i < w.Length; i++) w[i] = (a + a) * random.RandomSample() - a;
        return w;
    }
}
