using Backprop.Training;

namespace Backprop.Tests;

/// <summary>Each schedule's rate, epoch by epoch, against its formula.</summary>
public class LearningRateScheduleTests
{
    [Fact]
    public void TheConstantSchedule_KeepsARateSetByHandDuringTraining()
    {
        // The playground's live learning rate sets the optimizer's rate between epochs; the constant schedule, attached
        // by TrainRun, must not put the first rate back after the next epoch.
        var run = TrainRun<double>.Create(new TrainSettings { Data = "circle", Layers = [4], Optimizer = "sgd", LearningRate = 0.1, Epochs = 5, Seed = 1 });
        Assert.Equal("constant", run.Schedule.Name);
        run.Trainer.Start(run.Data.Train, run.HeldOut);
        run.Trainer.RunEpoch();
        Assert.Equal(0.1, run.Trainer.Optimizer.LearningRate);
        run.Trainer.Optimizer.LearningRate = 0.02;
        run.Trainer.RunEpoch();
        run.Trainer.RunEpoch();
        Assert.Equal(0.02, run.Trainer.Optimizer.LearningRate);
    }

    [Fact]
    public void StepDecay_HalvesTheRateEveryTenEpochs()
    {
        var s = new StepDecay(0.1);
        Assert.Equal(0.1, s.RateAfter(9, 1, 0.1));
        Assert.Equal(0.05, s.RateAfter(10, 1, 0.1));
        Assert.Equal(0.025, s.RateAfter(25, 1, 0.05));
    }

    [Fact]
    public void CosineDecay_FollowsHalfACosineToNearZeroAtTheBudget()
    {
        var s = new CosineDecay(0.1, epochs: 4);
        Assert.Equal(0.1 * 0.5 * (1 + Math.Cos(Math.PI / 4)), s.RateAfter(1, 1, 0.1), 15);
        Assert.Equal(0.05, s.RateAfter(2, 1, 0.1), 15);
        Assert.Equal(0.1 * 1e-6, s.RateAfter(4, 1, 0.1));   // never 0: the optimizer takes positive rates only
    }

    [Fact]
    public void ReduceOnPlateau_HalvesAfterPatienceEpochsWithoutABetterLoss_AndRemembersWhereItWas()
    {
        var s = new ReduceOnPlateau(0.1, patience: 2);
        double rate = 0.1;
        double[] losses = [1.0, 0.9, 0.95, 0.92, 0.91, 0.8, 0.85];
        var rates = new List<double>();
        for (int e = 0; e < losses.Length; e++) rates.Add(rate = s.RateAfter(e + 1, losses[e], rate));
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05], rates);
        var copy = new ReduceOnPlateau(0.1, patience: 2) { State = s.State };
        Assert.Equal(s.RateAfter(8, 0.9, rate), copy.RateAfter(8, 0.9, rate));
    }

    [Fact]
    public void TheRegistry_NamesEverySchedule_AndRefusesOthersListingThem()
    {
        Assert.Equal(["constant", "step", "cosine", "plateau"], LearningRateSchedules.All.Names);
        var e = Assert.Throws<BackpropException>(() => LearningRateSchedules.Create("exponential", new Optimizers.Sgd<double>(0.1), 10));
        Assert.Contains("constant, step, cosine, plateau", e.Message);
    }
}
