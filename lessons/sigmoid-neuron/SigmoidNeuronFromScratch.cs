using Backprop.Random;

namespace Backprop.Lessons.SigmoidNeuron;

/// <summary>
/// The documents' program in plain C#: output = σ(inputs · weights), error = target − output,
/// weights += inputsᵀ · (error · output(1 − output)), 10,000 times over the whole training set.
/// NumPyRandomState plays the part of numpy.random; nothing else comes from the library.
/// </summary>
public static class SigmoidNeuronFromScratch
{
    /// <summary>Seeds, draws the weights, asks the untrained neuron, trains, and asks again.</summary>
    public static SigmoidNeuronResult Train(SigmoidNeuronOptions options, StepTrace? trace = null)
    {
        double[][] inputs = SigmoidNeuronLesson.TrainingSetInputs;
        double[] outputs = SigmoidNeuronLesson.TrainingSetOutputs;
        var random = new NumPyRandomState(options.Seed);
        // 2 · random((3, 1)) − 1: three weights uniform in [−1, 1), mean 0
        double[] synapticWeights = new double[3];
        for (int j = 0; j < 3; j++) synapticWeights[j] = 2 * random.RandomSample() - 1;
        double[] initial = [.. synapticWeights];
        double untrained = Think(options.Query, synapticWeights);
        var path = SigmoidNeuronPath.Start(initial, options.Iterations);

        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            // pass the whole training set through the neuron
            double[] output = inputs.Select(row => Think(row, synapticWeights)).ToArray();
            // error weighted derivative: error · σ'(output), where σ' = output · (1 − output)
            double[] error = new double[output.Length], weighted = new double[output.Length];
            for (int p = 0; p < output.Length; p++)
            {
                error[p] = outputs[p] - output[p];
                weighted[p] = error[p] * SigmoidDerivative(output[p]);
            }
            // adjustment = inputsᵀ · weighted: each weight moves by the errors of the examples where its input is 1
            double[] adjustment = new double[3], before = [.. synapticWeights];
            for (int j = 0; j < 3; j++)
            {
                for (int p = 0; p < inputs.Length; p++) adjustment[j] += inputs[p][j] * weighted[p];
                synapticWeights[j] += adjustment[j];
            }
            path.Record(iteration, HalfSumOfSquares(error), synapticWeights);
            if (trace?.Wants(iteration) == true) trace.Write(TraceOf(iteration, output, error, before, adjustment, synapticWeights));
        }
        return new SigmoidNeuronResult(initial, untrained, synapticWeights, Think(options.Query, synapticWeights), path);
    }

    /// <summary>σ(x) = 1 / (1 + e^(−x)): squashes the weighted sum into (0, 1).</summary>
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>The gradient of the sigmoid curve, written with its output: σ(1 − σ).</summary>
    private static double SigmoidDerivative(double output) => output * (1 - output);

    /// <summary>The neuron's answer: σ(Σ inputᵢ · weightᵢ).</summary>
    private static double Think(double[] input, double[] weights)
    {
        double sum = 0;
        for (int j = 0; j < input.Length; j++) sum += input[j] * weights[j];
        return Sigmoid(sum);
    }

    /// <summary>
    /// The trace speaks of gradients of E = ½Σ(output − target)², the sign the library uses:
    /// the document's error is −delta and its adjustment is −derivative.
    /// </summary>
    private static TracedStep TraceOf(int step, double[] output, double[] error, double[] before, double[] adjustment, double[] after) =>
        new(step, output, error.Select(e => -e).ToArray(), HalfSumOfSquares(error), 1.0, before, adjustment.Select(a => -a).ToArray(), [.. after]);

    /// <summary>E = ½Σ error², the library's HalfSumSquares.</summary>
    private static double HalfSumOfSquares(double[] error)
    {
        double sum = 0;
        foreach (double e in error) sum += e * e;
        return 0.5 * sum;
    }
}
