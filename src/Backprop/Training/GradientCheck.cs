using Backprop.Layers;
using Backprop.Losses;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// Checks backpropagation against central finite differences, (E(w + h) − E(w − h)) / 2h, in double precision:
/// every parameter of every layer, and ∂E/∂(input) of every layer after the first. A layer whose derivative is wrong
/// shows up as the failing entry nearest the output (<see cref="GradientCheckReport.Culprit"/>).
/// </summary>
public static class GradientCheck
{
    /// <summary>The step h. In double, 1e-6 balances the O(h²) truncation error against rounding (about 1e-16·|E|/h).</summary>
    public const double DefaultStep = 1e-6;

    /// <summary>The largest relative error that passes: right gradients give 1e-10 to 1e-7, a wrong derivative 1e-2 or more.</summary>
    public const double DefaultTolerance = 1e-5;

    /// <summary>
    /// Below <see cref="Floor"/>·max(1, |E|), |analytic| + |numeric| is replaced by that in <see cref="RelativeError"/>:
    /// rounding leaves the finite difference about 1e-16·|E|/h ≈ 1e-10·|E| of noise, which must not count as a relative
    /// error when the true derivative is near 0.
    /// </summary>
    public const double Floor = 1e-4;

    /// <summary>The <see cref="GradientCheckEntry.Quantity"/> of a layer's input gradient.</summary>
    public const string InputQuantity = "input";

    /// <summary>
    /// |a − n| / max(|a| + |n|, <see cref="Floor"/>·max(1, |E|)) for a loss of size <paramref name="error"/>: 0 when they
    /// agree, 1 when they have opposite signs.
    /// </summary>
    public static double RelativeError(double analytic, double numeric, double error = 1) =>
        Math.Abs(analytic - numeric) / Math.Max(Floor * Math.Max(1, Math.Abs(error)), Math.Abs(analytic) + Math.Abs(numeric));

    /// <summary>
    /// Checks <paramref name="network"/> under <paramref name="loss"/> on one batch. The network's parameters are
    /// restored exactly afterwards; its layers' buffers hold the last probe.
    /// </summary>
    public static GradientCheckReport Run(Network<double> network, ILoss<double> loss, Matrix<double> inputs, Matrix<double> targets,
        double step = DefaultStep, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        var layers = network.Layers;
        // With the fused softmax cross-entropy the loss's gradient is already ∂E/∂logits, the last Softmax's input.
        int last = loss.GradientIsForLogits ? layers.Count - 2 : layers.Count - 1;
        if (loss.GradientIsForLogits && layers[^1] is not Softmax<double>)
            throw new BackpropException("Softmax cross-entropy needs a Softmax as the network's last layer.");

        // Forward, keeping a copy of what each layer received.
        var layerInputs = new Matrix<double>[layers.Count];
        var x = inputs;
        for (int l = 0; l < layers.Count; l++)
        {
            layerInputs[l] = x.Clone();
            x = layers[l].Forward(x);
        }
        var gradient = new Matrix<double>(x.Rows, x.Columns);
        double e0 = loss.Compute(x, targets, gradient);

        // Backward, layer by layer, copying what each one hands back before the probes reuse the buffers.
        var inputGradients = new Matrix<double>?[layers.Count];
        if (loss.GradientIsForLogits) inputGradients[^1] = gradient.Clone();
        var g = gradient;
        for (int l = last; l >= 0; l--)
        {
            g = layers[l].Backward(g);
            // The first Dense layer skips ∂E/∂X (nothing upstream needs it) and hands back its own input.
            inputGradients[l] = l > 0 ? g.Clone() : null;
        }
        var parameterGradients = layers.Select(layer => layer.Parameters.Select(p => p.Gradient.Clone()).ToArray()).ToArray();

        var entries = new List<GradientCheckEntry>();
        for (int l = 0; l < layers.Count; l++)
        {
            var parameters = layers[l].Parameters;
            for (int p = 0; p < parameters.Count; p++)
                entries.Add(Compare(l, layers[l].Name, parameters[p].Name, parameters[p].Value, parameterGradients[l][p], step, e0,
                    () => loss.Value(network.Forward(inputs), targets)));
            if (inputGradients[l] is { } analytic)
            {
                var probe = layerInputs[l];
                int from = l;
                entries.Add(Compare(l, layers[l].Name, InputQuantity, probe, analytic, step, e0, () => loss.Value(ForwardFrom(layers, from, probe), targets)));
            }
        }
        return new GradientCheckReport(entries, tolerance);
    }

    /// <summary>
    /// Checks one layer on its own under E = Σ c·y (the sum of its outputs weighted by <paramref name="weights"/>, so
    /// ∂E/∂y = c): its parameters and its input gradient.
    /// </summary>
    public static GradientCheckReport Layer(ILayer<double> layer, Matrix<double> input, Matrix<double> weights,
        double step = DefaultStep, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(layer);
        double E()
        {
            var y = layer.Forward(input);
            ReadOnlySpan<double> ys = y.AsSpan(), cs = weights.AsSpan();
            double sum = 0;
            for (int i = 0; i < ys.Length; i++) sum += ys[i] * cs[i];
            return sum;
        }
        double e0 = E();
        var inputGradient = layer.Backward(weights).Clone();
        var parameterGradients = layer.Parameters.Select(p => p.Gradient.Clone()).ToArray();
        var entries = new List<GradientCheckEntry>();
        for (int p = 0; p < parameterGradients.Length; p++)
            entries.Add(Compare(0, layer.Name, layer.Parameters[p].Name, layer.Parameters[p].Value, parameterGradients[p], step, e0, E));
        entries.Add(Compare(0, layer.Name, InputQuantity, input, inputGradient, step, e0, E));
        return new GradientCheckReport(entries, tolerance);
    }

    /// <summary>
    /// Probes every value of <paramref name="values"/> in turn (restoring it exactly) and compares ∂E/∂value with
    /// <paramref name="analytic"/>. A value where E has a kink (a ReLU input at 0: the one-sided slopes (E(w + h) − E)/h and
    /// (E − E(w − h))/h disagree) has no derivative to check and is counted in <see cref="GradientCheckEntry.Kinks"/>;
    /// a wrong backward pass never looks like one, since E itself is the same function either way.
    /// </summary>
    private static GradientCheckEntry Compare(int layer, string layerName, string quantity, Matrix<double> values, Matrix<double> analytic,
        double step, double e0, Func<double> error)
    {
        double worst = 0, worstAnalytic = 0, worstNumeric = 0;
        int worstIndex = 0, kinks = 0;
        for (int i = 0; i < values.Length; i++)
        {
            var (plus, minus) = Probe(values, i, error, step);
            if (RelativeError((plus - e0) / step, (e0 - minus) / step, e0) > KinkThreshold)
            {
                kinks++;
                continue;
            }
            double numeric = (plus - minus) / (2 * step), a = analytic.AsSpan()[i];
            // NaN counts as the worst of all: a derivative that is not a number is wrong.
            double relative = RelativeError(a, numeric, e0) is var r && double.IsNaN(r) ? double.PositiveInfinity : r;
            if (relative > worst || i == 0) (worst, worstIndex, worstAnalytic, worstNumeric) = (relative, i, a, numeric);
        }
        int columns = Math.Max(1, values.Columns);
        return new GradientCheckEntry(layer + 1, layerName, quantity, values.Rows, values.Columns, worst,
            worstIndex / columns, worstIndex % columns, worstAnalytic, worstNumeric, kinks);
    }

    /// <summary>One-sided slopes further apart than this (relatively) mark a kink; smooth functions give about h·|E''|/|E'|.</summary>
    private const double KinkThreshold = 0.01;

    /// <summary>
    /// The central difference (E(v + h) − E(v − h)) / 2h of <paramref name="error"/> with respect to the value at
    /// <paramref name="index"/> of <paramref name="values"/>, which is restored exactly afterwards.
    /// </summary>
    public static double CentralDifference(Matrix<double> values, int index, Func<double> error, double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(error);
        var (plus, minus) = Probe(values, index, error, step);
        return (plus - minus) / (2 * step);
    }

    /// <summary>E with the value at <paramref name="index"/> raised by h, then lowered by h; the value is put back exactly.</summary>
    private static (double Plus, double Minus) Probe(Matrix<double> values, int index, Func<double> error, double step)
    {
        var span = values.AsSpan();
        double keep = span[index];
        span[index] = keep + step;
        double plus = error();
        values.AsSpan()[index] = keep - step;
        double minus = error();
        values.AsSpan()[index] = keep;
        return (plus, minus);
    }

    private static Matrix<double> ForwardFrom(IReadOnlyList<ILayer<double>> layers, int first, Matrix<double> input)
    {
        var x = input;
        for (int l = first; l < layers.Count; l++) x = layers[l].Forward(x);
        return x;
    }
}
