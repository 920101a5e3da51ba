using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>Early stopping stops when the watched loss stops improving, keeps the best epoch's weights, and survives a checkpoint.</summary>
public class EarlyStoppingTests
{
    /// <summary>A noisy 1-D regression a 1-16-1 network overfits: 40 training points, 40 validation points.</summary>
    private static (Trainer<double> Trainer, Dataset<double> Train, Dataset<double> Validation) Setup(int epochs = 400, double rate = 0.02)
    {
        var rng = new NumPyRandomState(3);
        double[][] Xs(int n) => [.. Enumerable.Range(0, n).Select(_ => new[] { 4 * rng.RandomSample() - 2 })];
        double[][] Ys(double[][] x) => [.. x.Select(r => new[] { Math.Sin(2 * r[0]) + 0.4 * rng.StandardNormal() })];
        var xt = Xs(40); var yt = Ys(xt);
        var xv = Xs(40); var yv = Ys(xv);
        var net = new Network<double>(1, [new Dense<double>(16, weights: new Initializer.He()), new Tanh<double>(), new Dense<double>(1)], new NumPyRandomState(1));
        var trainer = new Trainer<double>(net, new MeanSquaredError<double>(), new Adam<double>(rate))
        {
            Batching = new BatchMode.MiniBatch(8), Epochs = epochs, Random = new NumPyRandomState(2),
        };
        return (trainer, InMemoryDataset<double>.FromRows(xt, yt), InMemoryDataset<double>.FromRows(xv, yv));
    }

    private static double[] Weights(Trainer<double> t) => [.. t.Network.Parameters.SelectMany(p => p.Value.ToArray())];

    [Fact]
    public void TrainingStops_PatienceEpochsAfterTheBestValidationLoss_AndTheBestWeightsComeBack()
    {
        var (trainer, train, validation) = Setup();
        var stopping = new EarlyStopping<double>(patience: 15);
        stopping.Attach(trainer);
        var weightsAfter = new Dictionary<int, double[]>();
        trainer.EpochEnded += r => weightsAfter[r.Epoch] = Weights(trainer);
        trainer.Fit(train, validation);

        var losses = trainer.History.Epochs.Select(e => e.ValidationLoss!.Value).ToArray();
        int best = Array.IndexOf(losses, losses.Min()) + 1;
        Assert.True(trainer.CompletedEpochs < 400, "the run should overfit and stop early");
        Assert.Equal(best, stopping.BestEpoch);
        Assert.Equal(best + 15, stopping.StoppedEpoch);
        Assert.Equal(best + 15, trainer.CompletedEpochs);
        Assert.True(stopping.RestoreBest(trainer));
        Assert.Equal(weightsAfter[best], Weights(trainer));
        Assert.Equal(losses.Min(), trainer.Evaluate(validation).Loss, 12);
    }

    [Fact]
    public void WatchingTheTrainingLoss_IgnoresTheHeldOutSet()
    {
        var (trainer, train, validation) = Setup(epochs: 60);
        var stopping = new EarlyStopping<double>(patience: 5, monitorTrainingLoss: true);
        stopping.Attach(trainer);
        trainer.Fit(train, validation);
        var trainLosses = trainer.History.Epochs.Select(e => e.TrainLoss).ToArray();
        Assert.Equal(trainLosses.Min(), stopping.BestLoss);
    }

    [Fact]
    public void ARunCheckpointedAndResumed_WithEarlyStoppingAndAPlateauSchedule_EndsBitIdentical()
    {
        using var dir = new ScratchFolder();
        string path = Path.Combine(dir.Path, "cp.safetensors");

        var (straight, train, validation) = Setup();
        var straightStopping = new EarlyStopping<double>(patience: 15);
        straightStopping.Attach(straight);
        var straightSchedule = new ReduceOnPlateau(0.02, patience: 3);
        straightSchedule.Attach(straight);
        int saveAt = 0;
        straight.EpochEnded += r => { if (r.Epoch == 20) { saveAt = r.Epoch; Checkpoint.Save(path, straight, null, straightStopping, straightSchedule); } };
        straight.Fit(train, validation);
        straightStopping.RestoreBest(straight);
        Assert.Equal(20, saveAt);
        Assert.True(straight.Optimizer.LearningRate < 0.02, "the plateau schedule should have lowered the rate");

        var (resumed, _, _) = Setup();
        var stopping = new EarlyStopping<double>(patience: 15);
        var schedule = new ReduceOnPlateau(0.02, patience: 3);
        var checkpoint = Checkpoint.Load(path);
        checkpoint.Restore(resumed, stopping, schedule);
        Assert.Equal("plateau", checkpoint.ScheduleName);
        stopping.Attach(resumed);
        schedule.Attach(resumed);
        resumed.Fit(train, validation);
        stopping.RestoreBest(resumed);

        Assert.Equal(straight.CompletedEpochs, resumed.CompletedEpochs);
        Assert.Equal(straightStopping.BestEpoch, stopping.BestEpoch);
        Assert.Equal(straight.Optimizer.LearningRate, resumed.Optimizer.LearningRate);
        Assert.Equal(Weights(straight), Weights(resumed));
    }

    [Fact]
    public void AScheduleOfAnotherKind_CannotResumeTheRun()
    {
        using var dir = new ScratchFolder();
        string path = Path.Combine(dir.Path, "cp.safetensors");
        var (trainer, train, _) = Setup(epochs: 2);
        trainer.Fit(train);
        Checkpoint.Save(path, trainer, null, null, new CosineDecay(0.02, 2));
        var (other, _, _) = Setup();
        var e = Assert.Throws<BackpropException>(() => Checkpoint.Load(path).Restore(other, null, new StepDecay(0.02)));
        Assert.Contains("cosine learning-rate schedule", e.Message);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, -1)]
    public void NonsenseSettings_AreRefused(int patience, double minDelta) =>
        Assert.Throws<BackpropException>(() => new EarlyStopping<double>(patience, minDelta));
}
