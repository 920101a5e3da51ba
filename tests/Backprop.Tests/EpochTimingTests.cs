using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>The epoch log and its timing: tiny epochs are timed in groups, watched ones one by one.</summary>
public class EpochTimingTests
{
    private static Network<double> Neuron() =>
        new(3, [new Dense<double>(1, bias: false, new Initializer.Uniform(-1, 1)), new Sigmoid<double>()], new NumPyRandomState(1));

    private static Trainer<double> NeuronTrainer(int epochs, Action<EpochRecord>? epochEnded = null) =>
        new(Neuron(), new HalfSumSquares<double>(), new Sgd<double>(1.0)) { Epochs = epochs, EpochEnded = epochEnded };

    [Fact]
    public void TinyEpochs_AreAllRecorded_InOrder_EachWithAPositiveTime()
    {
        var history = NeuronTrainer(1000).Fit(ToyData.SigmoidNeuron<double>());
        Assert.Equal(Enumerable.Range(1, 1000), history.Epochs.Select(e => e.Epoch));
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), history.Epochs.Select(e => e.Steps));
        Assert.All(history.Epochs, e => Assert.True(e.Seconds > 0 && e.Seconds < 1, $"epoch {e.Epoch}: {e.Seconds} s"));
        // Epochs of a group share its mean, so far fewer distinct times than epochs (1000 epochs of ~0.2 µs).
        Assert.True(history.Epochs.Select(e => e.Seconds).Distinct().Count() < 500);
    }

    [Fact]
    public void GroupedTiming_ChangesNoNumber_ComparedWithAWatchedRun()
    {
        var grouped = NeuronTrainer(300).Fit(ToyData.SigmoidNeuron<double>());
        var seen = new List<EpochRecord>();
        var watched = NeuronTrainer(300, seen.Add).Fit(ToyData.SigmoidNeuron<double>());
        Assert.Equal(grouped.Epochs.Select(e => (e.Epoch, e.Steps, e.TrainLoss, e.TrainAccuracy)),
            watched.Epochs.Select(e => (e.Epoch, e.Steps, e.TrainLoss, e.TrainAccuracy)));
        // The callback saw every epoch as it ended, with its own time, and History holds the same records.
        Assert.Equal(watched.Epochs, seen);
        Assert.All(seen, e => Assert.True(e.Seconds > 0));
    }

    [Fact]
    public void AnEpochCallback_SeesTheNetworkAsThatEpochLeftIt()
    {
        var weights = new List<double>();
        Trainer<double>? trainer = null;
        trainer = NeuronTrainer(50, e => weights.Add(trainer!.Network.Parameters[0].Value[0, 0]));
        trainer.Fit(ToyData.SigmoidNeuron<double>());
        Assert.Equal(50, weights.Count);
        Assert.Equal(50, weights.Distinct().Count());   // a different weight after every epoch: no batching of callbacks
    }

    [Fact]
    public void ADivergingRun_KeepsTheTimeOfTheEpochsBeforeIt()
    {
        var net = new Network<double>(2, [new Dense<double>(1, weights: new Initializer.Constant(1))], new NumPyRandomState(0));
        var data = InMemoryDataset<double>.FromRows([[1e3, 2e3], [3e3, -1e3]], [[1], [2]]);
        var trainer = new Trainer<double>(net, new MeanSquaredError<double>(), new Sgd<double>(1e6)) { Epochs = 1000 };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data));
        Assert.Equal(e.Epoch - 1, trainer.History.Epochs.Count);
        Assert.All(trainer.History.Epochs, r => Assert.True(r.Seconds > 0, $"epoch {r.Epoch} has no time"));
    }

    [Fact]
    public void EpochLog_GivesBackWhatWasAdded_AcrossChunks_WithMissingValuesAsNull()
    {
        var log = new EpochLog();
        var records = Enumerable.Range(1, 700).Select(i => new EpochRecord(i, 3L * i, 1.0 / i,
            i % 2 == 0 ? i / 1000.0 : null, i % 3 == 0 ? -i : null, i % 5 == 0 ? 0.5 : null, i * 1e-6)).ToArray();
        log.AddRange(records);
        Assert.Equal(700, log.Count);
        Assert.Equal(records, log);
        Assert.Equal(records[^1], log[^1]);
        Assert.Equal(records[256], log[256]);
        Assert.Throws<ArgumentOutOfRangeException>(() => log[700]);
        Assert.Throws<ArgumentOutOfRangeException>(() => log[-1]);
    }
}
