using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Lessons.CrossEntropy;

/// <summary>
/// The same with Backprop's parts: a <see cref="Softmax{T}"/> layer and <see cref="SoftmaxCrossEntropy{T}"/> for the
/// gradients (the layer's Backward is the full Jacobian product), <see cref="GradientCheck.CentralDifference"/> for the
/// finite differences, and for the neuron Dense(1) → Sigmoid trained by <see cref="Sgd{T}"/> under
/// <see cref="HalfSumSquares{T}"/> or <see cref="BinaryCrossEntropy{T}"/>.
/// </summary>
public static class SoftmaxCrossEntropyWithLibrary
{
    /// <summary>Computes the gradients and trains the neuron from both starts with both costs.</summary>
    public static SoftmaxCrossEntropyResult Run(SoftmaxCrossEntropyOptions options, (StepTrace? Quadratic, StepTrace? CrossEntropy) traces)
    {
        int n = options.Logits.Length, k = options.TargetClass;
        var softmax = new Softmax<double>();
        var network = new Network<double>(n, softmax);
        var loss = new SoftmaxCrossEntropy<double>();
        var x = Matrix<double>.FromRows(options.Logits);
        var t = new Matrix<double>(1, n);
        t[0, k] = 1;

        var y = network.Forward(x).ToArray();
        var gradient = new Matrix<double>(1, n);
        double e = loss.Compute(network.Forward(x), t, gradient);      // E, and the fused ∂E/∂x = y − t
        var dEdy = new Matrix<double>(1, n);
        for (int i = 0; i < n; i++) dEdy[0, i] = t[0, i] == 0 ? 0 : -t[0, i] / y[i];
        var full = softmax.Backward(dEdy).ToArray();                    // the layer's Backward: the full Jacobian product
        var diagonal = Enumerable.Range(0, n).Select(j => y[j] * (1 - y[j]) * dEdy[0, j]).ToArray();
        var numeric = Enumerable.Range(0, n).Select(j => Math.Round(GradientCheck.CentralDifference(x, j, () => loss.Value(network.Forward(x), t)), SoftmaxGradient.FiniteDifferenceDecimals)).ToArray();

        var starts = SoftmaxCrossEntropyOptions.Starts.Select((s, i) => new SlowdownStart(s.W, s.B, Neuron(s.W, s.B).Predict([1.0])[0],
            Train(s.W, s.B, new HalfSumSquares<double>(), "quadratic", options, i == 0 ? traces.Quadratic : null),
            Train(s.W, s.B, new BinaryCrossEntropy<double>(), "cross-entropy", options, i == 0 ? traces.CrossEntropy : null))).ToArray();
        return new SoftmaxCrossEntropyResult(y, e, new SoftmaxGradient(options.Logits, k, gradient.ToArray(), full, diagonal, numeric),
            options.LearningRate, starts);
    }

    private static Network<double> Neuron(double w, double b) =>
        new(1, new Dense<double>(1, weights: new Initializer.Values([w]), biasInit: new Initializer.Values([b])), new Sigmoid<double>());

    /// <summary>Nielsen's neuron (input 1, target 0), one full-batch SGD step per epoch; the output after each update.</summary>
    private static SlowdownRun Train(double w, double b, ILoss<double> cost, string name, SoftmaxCrossEntropyOptions options, StepTrace? trace)
    {
        var network = Neuron(w, b);
        var data = InMemoryDataset<double>.FromRows([[1.0]], [[0.0]]);
        var outputs = new List<double> { network.Predict([1.0])[0] };
        var trainer = new Trainer<double>(network, cost, new Sgd<double>(options.LearningRate))
        {
            Epochs = options.Updates,
            AfterUpdate = _ => outputs.Add(network.Predict([1.0])[0]),
        };
        LibraryTrace.Attach(trainer, trace, step => step.Loss);
        if (options.Updates > 0) trainer.Fit(data);
        int below = outputs.FindIndex(o => o < SoftmaxCrossEntropyOptions.Below);
        return new SlowdownRun(name, [.. outputs], below < 0 ? null : below);
    }
}
