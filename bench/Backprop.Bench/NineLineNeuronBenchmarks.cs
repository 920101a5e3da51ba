using BenchmarkDotNet.Attributes;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Bench;

/// <summary>
/// The lessons' tiny network: 10,000 full-batch iterations of the 9-line sigmoid neuron (3 inputs, 4 samples),
/// built with the library in double, as the sigmoid-neuron lesson does. bench/nine_line_numpy.py times the
/// NumPy original in-process for the ratio.
/// </summary>
[MinColumn, MedianColumn]
public class NineLineNeuronBenchmarks
{
    private readonly InMemoryDataset<double> _data = ToyData.SigmoidNeuron<double>();

    [Benchmark(Description = "9-line neuron, 10,000 iterations (library, double)")]
    public double TenThousandIterations()
    {
        var network = new Network<double>(3, [new Dense<double>(1, bias: false, new Initializer.Uniform(-1, 1)), new Sigmoid<double>()], new NumPyRandomState(1));
        var trainer = new Trainer<double>(network, new HalfSumSquares<double>(), new Sgd<double>(1.0)) { Epochs = 10_000 };
        trainer.Fit(_data);
        return network.Parameters[0].Value[0, 0];
    }

    [Benchmark(Description = "9-line neuron, 10,000 iterations (from-scratch port)")]
    public double FromScratch() => Lessons.SigmoidNeuron.SigmoidNeuronFromScratch.Train(new Lessons.SigmoidNeuron.SigmoidNeuronOptions()).Weights[0];
}
