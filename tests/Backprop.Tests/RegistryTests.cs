using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Serialization;

namespace Backprop.Tests;

public class RegistryTests
{
    [Fact]
    public void AnUnknownName_IsOneLineListingTheValidOnes()
    {
        var e = Assert.Throws<BackpropException>(() => Activations.All.Get("swish"));
        Assert.Equal("Unknown activation 'swish'. Valid activations: identity, sigmoid, tanh, relu, leaky-relu, softmax.", e.Message);
        e = Assert.Throws<BackpropException>(() => Loss.All.Get("hinge"));
        Assert.Equal("Unknown loss 'hinge'. Valid losses: half-sse, half-mse, mse, binary-crossentropy, softmax-crossentropy.", e.Message);
        e = Assert.Throws<BackpropException>(() => Initializers.All.Get("orthogonal"));
        Assert.Equal("Unknown initializer 'orthogonal'. Valid initializers: xavier, xavier-normal, he, lecun, normal, uniform, zeros, pytorch.", e.Message);
    }

    [Theory]
    [InlineData("linear", "identity")]
    [InlineData("LeakyReLU", "leaky-relu")]
    [InlineData("TANH", "tanh")]
    public void AnAliasOrOtherCase_FindsTheEntry(string asked, string name) => Assert.Equal(name, Activations.All.Get(asked).Name);

    [Fact]
    public void EveryActivation_IsMadeForBothTypes_AndRebuiltFromTheConfigAModelFileStores()
    {
        foreach (var entry in Activations.All)
        {
            var layer = entry.Create<float>(alpha: 0.2);
            Assert.Equal(entry.LayerName, layer.Name);
            var rebuilt = LayerConfigs.Create<double>(layer.Config);
            Assert.Equal(layer.Config, rebuilt.Config);   // the slope of leaky ReLU too
            Assert.Contains(entry.Weights, Initializers.All.Names);
            Assert.Contains(entry.LayerName, ModelFileLayerTypes());
        }
        Assert.Equal(0.01, ((LeakyReLU<double>)Activations.Create<double>("leaky-relu")).Alpha);
    }

    private static IReadOnlyList<string> ModelFileLayerTypes() => Architecture.LayerTypes;

    [Fact]
    public void EveryLoss_IsMadeByItsName_AndNamesAnOutputActivationThatExists()
    {
        foreach (var entry in Loss.All)
        {
            Assert.Equal(entry.Name, Loss.Create<float>(entry.Name).Name);
            Assert.Equal(entry.Name, entry.Create<double>().Name);
            Assert.True(Activations.All.TryGet(entry.OutputActivation, out _), entry.OutputActivation);
        }
        Assert.True(((HalfSumSquares<double>)Loss.Create<double>("half-mse")).Mean);
        Assert.IsType<BinaryCrossEntropy<double>>(Loss.Create<double>("bce"));
    }

    [Fact]
    public void EveryInitializer_DrawsWhatItsNameSays()
    {
        // 400 × 300 weights, seeded: each spread against its formula.
        double Std(string name)
        {
            var values = new double[400 * 300];
            Initializers.Create(name).Fill(values, 400, 300, new NumPyRandomState(4));
            return Math.Sqrt(values.Select(v => v * v).Average());
        }
        Assert.Equal(Math.Sqrt(2.0 / (400 + 300)), Std("xavier"), 2);   // U(±a) has std a/√3 = √(2/(in + out))
        Assert.Equal(Math.Sqrt(2.0 / (400 + 300)), Std("xavier-normal"), 2);
        Assert.Equal(Math.Sqrt(2.0 / 400), Std("he"), 2);
        Assert.Equal(Math.Sqrt(1.0 / 400), Std("lecun"), 2);
        Assert.Equal(1.0, Std("normal"), 1);
        Assert.Equal(Math.Sqrt(1.0 / 3), Std("uniform"), 2);
        Assert.Equal(0.0, Std("zeros"));
        Assert.Equal(1 / Math.Sqrt(3 * 400), Std("pytorch"), 3);        // U(±1/√in) has std 1/√(3·in)
    }

    [Fact]
    public void ThePyTorchInitializer_StartsTheBiasesToo_WithinOneOverRootFanIn()
    {
        var net = new Training.NetworkRecipe([16], "relu", "softmax-crossentropy", "pytorch").Build<double>(100, 3, new NumPyRandomState(2));
        var hidden = (Dense<double>)net.Layers[0];
        var output = (Dense<double>)net.Layers[2];
        Assert.All(hidden.Bias!.Value.ToArray(), b => Assert.InRange(Math.Abs(b), 1e-12, 0.1));          // 1/√100
        Assert.All(output.Weights.Value.ToArray(), w => Assert.InRange(Math.Abs(w), 0, 0.25));          // 1/√16
        Assert.Contains(output.Bias!.Value.ToArray(), b => Math.Abs(b) > 0.05);
        var he = new Training.NetworkRecipe([16], "relu", "softmax-crossentropy", "he").Build<double>(100, 3, new NumPyRandomState(2));
        Assert.All(((Dense<double>)he.Layers[0]).Bias!.Value.ToArray(), b => Assert.Equal(0.0, b));       // the others leave biases at 0
        // Without --init, a ReLU network starts as PyTorch's does, biases drawn; a tanh network as Xavier, biases 0.
        var relu = new Training.NetworkRecipe([16], "relu", "softmax-crossentropy").Build<double>(100, 3, new NumPyRandomState(2));
        Assert.Equal(hidden.Bias.Value.ToArray(), ((Dense<double>)relu.Layers[0]).Bias!.Value.ToArray());
        var tanh = new Training.NetworkRecipe([16], "tanh", "softmax-crossentropy").Build<double>(100, 3, new NumPyRandomState(2));
        Assert.All(((Dense<double>)tanh.Layers[0]).Bias!.Value.ToArray(), b => Assert.Equal(0.0, b));
    }

    [Theory]
    [InlineData("mini", 3, true)]        // batches of 4, 4 and 2
    [InlineData("mini-batch", 3, true)]
    [InlineData("full", 1, false)]
    [InlineData("stochastic", 10, true)]
    [InlineData("sampled", 10, false)]
    public void EveryBatchMode_SaysItsStepsPerEpochAndWhetherItShuffles_AsTheTrainerRunsIt(string name, int steps, bool shuffles)
    {
        var mode = Training.BatchModes.Create(name, 4);
        Assert.Equal((steps, shuffles), (mode.StepsPerEpoch(10), mode.Shuffles));
        // Ten samples, one epoch: the trainer takes as many steps as the mode says.
        var data = new Data.InMemoryDataset<double>(Tensors.Matrix<double>.FromDoubles([.. Enumerable.Range(0, 10).Select(i => new[] { i / 10.0 })]),
            Tensors.Matrix<double>.FromDoubles([.. Enumerable.Range(0, 10).Select(i => new[] { i / 20.0 })]));
        var net = new Training.NetworkRecipe([], "tanh", "mse").Build<double>(1, 1, new NumPyRandomState(1));
        var trainer = new Training.Trainer<double>(net, new MeanSquaredError<double>(), new Optimizers.Sgd<double>(0.1)) { Batching = mode, Epochs = 1 };
        trainer.Fit(data);
        Assert.Equal(steps, trainer.CompletedSteps);
    }

    [Fact]
    public void AnUnknownBatchMode_IsRefusedWithTheValidNames()
    {
        var e = Assert.Throws<BackpropException>(() => Training.BatchModes.Create("huge", 4));
        Assert.Equal("Unknown batch mode 'huge'. Valid batch modes: mini, full, stochastic, sampled.", e.Message);
    }

    [Fact]
    public void TwoEntriesAnsweringToOneName_AreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Registry<InitializerEntry>("initializer",
            new("a", "one", () => new Initializer.He(), Aliases: ["b"]), new("b", "two", () => new Initializer.He())));
        Assert.Contains("'b'", e.Message);
    }
}
