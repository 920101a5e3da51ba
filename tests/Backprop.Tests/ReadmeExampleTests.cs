using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests;

public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_LearnsXor_AndSavesAModelThatPredictsTheSame()
    {
        // The C# example of README.md, line for line (only the output goes to asserts).
        var data = ToyData.Xor<double>();
        var network = new Network<double>(2,
            [new Dense<double>(4, weights: new Initializer.Uniform(-1, 1)), new Sigmoid<double>(),
             new Dense<double>(1, weights: new Initializer.Uniform(-1, 1)), new Sigmoid<double>()],
            new NumPyRandomState(1));
        Assert.Contains("Total parameters: 17", network.Summary());
        var trainer = new Trainer<double>(network, new HalfSumSquares<double>(), new Sgd<double>(learningRate: 1.0))
        {
            Epochs = 20_000,
            TargetLoss = 0.005,
        };
        trainer.Fit(data);
        double[] answers = network.Predict(data.Inputs).ToRows().Select(r => r[0]).ToArray();
        Assert.True(answers[0] < 0.1 && answers[1] > 0.9 && answers[2] > 0.9 && answers[3] < 0.1, string.Join(", ", answers));

        using var dir = new ScratchFolder();
        string path = Path.Combine(dir.Path, "xor.safetensors");
        network.Save(path);
        Assert.Equal(network.Predict(data.Inputs).ToArray(), Network<double>.Load(path).Predict(data.Inputs).ToArray());
    }
}
