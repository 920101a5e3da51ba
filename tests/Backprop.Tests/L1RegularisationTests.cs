using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>L1 regularisation: λ₁·sign(w) added to each gradient, by every optimizer and on every training path.</summary>
public class L1RegularisationTests
{
    [Fact]
    public void Sgd_WithL1_StepsByEtaTimesGradientPlusLambdaSignW()
    {
        // w = 1, g = 2w each step, η = 0.1, λ₁ = 0.5: w ← w − 0.1(2w + 0.5): 0.75, 0.55, 0.39
        var p = new Parameter<double>("w", 1, 2);
        p.Value[0, 0] = 1;
        p.Value[0, 1] = -1;
        var sgd = new Sgd<double>(0.1) { L1 = 0.5 };
        double[] expected = [0.75, 0.55, 0.39];
        for (int i = 0; i < 3; i++)
        {
            p.Gradient[0, 0] = 2 * p.Value[0, 0];
            p.Gradient[0, 1] = 2 * p.Value[0, 1];
            sgd.Step([p]);
            Assert.Equal(expected[i], p.Value[0, 0], 15);
            Assert.Equal(-expected[i], p.Value[0, 1], 15);   // sign(w) = −1 pulls a negative weight up
        }
    }

    [Fact]
    public void TheFactory_AppliesL1FromTheSettings_AndRefusesANegativeOne()
    {
        var adam = OptimizerFactory.Create<float>("adam", new OptimizerSettings(0.01, L1: 0.25));
        Assert.Equal(0.25, adam.L1);
        Assert.Throws<BackpropException>(() => new Sgd<float>(0.1) { L1 = -1 });
    }

    [Fact]
    public void Fit_WithL1_EqualsTheTextbookSteps_AndShrinksTheWeights()
    {
        // Plain SGD normally takes its step inside Backward; with L1 it must not, or the penalty would be skipped.
        double[] Train(double l1, bool stepByStep)
        {
            var data = PlaygroundData.Make<double>("xor-quadrants", 200, 0.1, 3);
            var network = new NetworkRecipe([6], "tanh", "softmax-crossentropy").Build<double>(2, 2, new NumPyRandomState(3));
            var trainer = new Trainer<double>(network, new SoftmaxCrossEntropy<double>(), new Sgd<double>(0.05) { L1 = l1 })
            {
                Batching = new BatchMode.MiniBatch(20), Epochs = 5, Random = new NumPyRandomState(4),
            };
            if (stepByStep)
            {
                trainer.Start(data);
                while (!trainer.IsFinished) trainer.Step();
            }
            else trainer.Fit(data);
            return [.. network.Parameters.SelectMany(q => q.Value.ToArray())];
        }
        Assert.Equal(Train(0.01, stepByStep: true), Train(0.01, stepByStep: false));
        Assert.True(Train(0.01, false).Sum(Math.Abs) < Train(0, false).Sum(Math.Abs));
    }

    [Fact]
    public void TrainOptions_L1BatchModeAndFeatures_AreCheckedAsBadInput()
    {
        Cli.AssertBadInput(Cli.Run("train", "--data", "circle", "--l1", "-1"), "--l1 must be zero or positive");
        Cli.AssertBadInput(Cli.Run("train", "--data", "circle", "--batch-mode", "huge"), "--batch-mode must be one of mini, full, stochastic, sampled, got 'huge'");
        Cli.AssertBadInput(Cli.Run("train", "--data", "circle", "--features", "x1,x1"), "named twice");
    }

    [Fact]
    public void Train_WithFeaturesAndAFullBatch_TrainsOnTheFeatureColumns()
    {
        using var folder = new ScratchFolder();
        string model = Path.Combine(folder.Path, "xor.safetensors");
        var r = Cli.Run("train", "--data", "xor", "--features", "x1,x2,x1x2", "--batch-mode", "full", "--layers", "", "--optimizer", "sgd",
            "--learning-rate", "1", "--epochs", "300", "--model", model, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        // With x₁x₂ as an input, XOR needs no hidden layer: a logistic regression separates it.
        Assert.Contains("\"train_accuracy\": 1", r.Out);
        Assert.Equal(3, Backprop.Serialization.ModelFile.Load(model).InputSize);
        Assert.Equal(["x1", "x2", "x1x2"], Backprop.Serialization.ModelFile.Load(model).Metadata.InputFeatures!);
        // The file records its features, so predict and evaluate take the two plain inputs.
        foreach (var (input, label) in new[] { ("0,0", "0"), ("0,1", "1"), ("1,0", "1"), ("1,1", "0") })
        {
            var p = Cli.Run("predict", "--model", model, "--input", input);
            Assert.True(p.ExitCode == 0, p.Err);
            Assert.StartsWith($"label: {label}", p.Out);
        }
        Cli.AssertBadInput(Cli.Run("predict", "--model", model, "--input", "1,0,0"), "expects 2");
        var e = Cli.Run("evaluate", "--model", model, "--data", "xor", "--json");
        Assert.True(e.ExitCode == 0, e.Err);
        Cli.AssertBadInput(Cli.Run("export", "--model", model, "--onnx", Path.Combine(folder.Path, "xor.onnx")), "input features (x1,x2,x1x2)");
    }

    [Fact]
    public void AModelFileNamingAnUnknownFeature_IsRefusedWithItsName()
    {
        using var folder = new ScratchFolder();
        string model = Path.Combine(folder.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", "circle", "--features", "x1,sinx2", "--layers", "3", "--epochs", "1", "--model", model).ExitCode);
        var editor = new ModelFileEditor(File.ReadAllBytes(model));
        editor.Metadata["input_features"] = "[\"x1\",\"cosx2\"]";
        File.WriteAllBytes(model, editor.ToBytes());
        Cli.AssertBadInput(Cli.Run("predict", "--model", model, "--input", "1,2"), "the input feature 'cosx2' is unknown");
    }
}
