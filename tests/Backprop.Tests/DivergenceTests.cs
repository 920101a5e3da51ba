using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>A run that blows up stops with its epoch and step, whatever the optimizer, and names the likely cause.</summary>
public class DivergenceTests
{
    private static InMemoryDataset<double> Line(double inputScale) => InMemoryDataset<double>.FromRows(
        [.. Enumerable.Range(0, 64).Select(i => new[] { inputScale * (i / 32.0 - 1) })],
        [.. Enumerable.Range(0, 64).Select(i => new[] { 2 * (i / 32.0 - 1) + 0.5 })]);

    private static Trainer<double> Adam(double rate, double? factor) =>
        new(new Network<double>(1, [new Dense<double>(8), new Tanh<double>(), new Dense<double>(1)], new NumPyRandomState(0)),
            new MeanSquaredError<double>(), new Adam<double>(rate))
        { Batching = new BatchMode.MiniBatch(16), Epochs = 20, DivergenceFactor = factor };

    [Fact]
    public void AdamAtAHugeRate_KeepsFiniteLossesThatOnlyTheGrowthCheckCatches()
    {
        // Adam's steps are about the rate in size whatever the gradient, so at 1e6 the weights leap to about 1e6 and
        // the loss to 1e12 and more, yet stays finite: without the growth check the run "succeeds".
        var unchecked_ = Adam(1e6, factor: null);
        unchecked_.Fit(Line(1));
        Assert.All(unchecked_.History.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss) && e.TrainLoss > 1e6, $"epoch {e.Epoch}: {e.TrainLoss}"));

        var guarded = Adam(1e6, factor: 1000);
        var e = Assert.Throws<TrainingDivergedException>(() => guarded.Fit(Line(1)));
        Assert.Equal((1, 2L), (e.Epoch, e.Step));
        Assert.Matches(@"^Training diverged at epoch 1, step 2: the loss grew to [0-9.]+e\+\d+, more than 1,000 times its starting value of [0-9.]+\. Try a smaller learning rate than 1000000\.$", e.Message);
        Assert.Equal(Evaluation.Run(Adam(1e6, null).Network, new MeanSquaredError<double>(), Line(1)).Loss, guarded.StartingLoss);
    }

    [Fact]
    public void AGoodRate_NeverTripsTheGrowthCheck()
    {
        var trainer = Adam(0.01, factor: 1000);
        trainer.Fit(Line(1));
        Assert.Equal(20, trainer.CompletedEpochs);
        Assert.True(trainer.History.Epochs[^1].TrainLoss < trainer.StartingLoss);
    }

    [Fact]
    public void HugeInputs_AreNamedAsTheCause_NotTheLearningRate()
    {
        var trainer = new Trainer<double>(new Network<double>(1, [new Dense<double>(4), new ReLU<double>(), new Dense<double>(1)], new NumPyRandomState(0)),
            new MeanSquaredError<double>(), new Sgd<double>(0.01)) { Batching = new BatchMode.MiniBatch(16), Epochs = 5 };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Line(1e300)));
        Assert.Contains("The batch's inputs reach ", e.Message);   // the batch's largest, up to 1e300
        Assert.Contains("rescale the data", e.Message);
        Assert.DoesNotContain("learning rate", e.Message);
    }
}
