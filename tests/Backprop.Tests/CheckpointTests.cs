using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string PathOf(string name) => Path.Combine(_folder.Path, name);

    /// <summary>Three noisy classes in the plane, 23 samples (so the last mini-batch of 5 is short).</summary>
    private static InMemoryDataset<double> Data()
    {
        var random = new NumPyRandomState(5);
        var inputs = new double[23][];
        var targets = new double[23][];
        for (int i = 0; i < inputs.Length; i++)
        {
            int c = i % 3;
            inputs[i] = [c + 0.5 * random.StandardNormal(), c * c - 0.5 * random.StandardNormal()];
            targets[i] = [c == 0 ? 1 : 0, c == 1 ? 1 : 0, c == 2 ? 1 : 0];
        }
        return InMemoryDataset<double>.FromRows(inputs, targets, ["a", "b", "c"]);
    }

    /// <summary>A trainer whose starting weights and random numbers come from <paramref name="seed"/>.</summary>
    private static Trainer<double> NewTrainer(uint seed, int epochs) => new(
        new Network<double>(2, [new Dense<double>(6), new Tanh<double>(), new Dense<double>(3), new Softmax<double>()], new NumPyRandomState(seed)),
        new SoftmaxCrossEntropy<double>(), new Adam<double>(0.05))
    {
        Epochs = epochs,
        Batching = new BatchMode.MiniBatch(5),
        RecordEvery = 3,
        Random = new NumPyRandomState(seed + 100),
    };

    // Wall-clock seconds differ between runs; everything else in an epoch record must match exactly.
    private static EpochRecord[] WithoutTimes(TrainingHistory h) => h.Epochs.Select(e => e with { Seconds = 0 }).ToArray();

    [Fact]
    public void ThreeEpochsThenCheckpointThenThreeMore_MatchesSixEpochsInOneGo_BitForBit()
    {
        var data = Data();
        var straight = NewTrainer(seed: 1, epochs: 6);
        straight.Fit(data, validation: data);

        var first = NewTrainer(seed: 1, epochs: 3);
        first.Fit(data, validation: data);
        Checkpoint.Save(PathOf("run.safetensors"), first, SampleModels.Metadata with { Normalization = null });

        var resumed = NewTrainer(seed: 99, epochs: 6);   // other weights and random numbers: Restore must replace them all
        var checkpoint = Checkpoint.Load(PathOf("run.safetensors"));
        checkpoint.Restore(resumed);
        Assert.Equal(first.History.Epochs, resumed.History.Epochs);   // seconds included: restored exactly
        resumed.Fit(data, validation: data);

        Assert.Equal(6, resumed.CompletedEpochs);
        Assert.Equal(straight.CompletedSteps, resumed.CompletedSteps);
        for (int i = 0; i < straight.Network.Parameters.Count; i++)
            Assert.Equal(straight.Network.Parameters[i].Value.ToArray(), resumed.Network.Parameters[i].Value.ToArray());
        Assert.Equal(WithoutTimes(straight.History), WithoutTimes(resumed.History));
        Assert.Equal(straight.History.Steps, resumed.History.Steps);
        Assert.Equal(straight.Random.GetState().Key, resumed.Random.GetState().Key);
    }

    [Fact]
    public void Checkpoint_KeepsTheRandomStateExactly_IncludingACachedGaussian()
    {
        var trainer = NewTrainer(seed: 4, epochs: 1);
        trainer.Random.StandardNormal();   // the polar method makes two values and caches the second
        var saved = trainer.Random.GetState();
        Assert.True(saved.HasGauss);
        Checkpoint.Save(PathOf("c.safetensors"), trainer);

        var loaded = Checkpoint.Load(PathOf("c.safetensors")).RandomState;
        Assert.Equal(saved.Key, loaded.Key);
        Assert.Equal(saved.Position, loaded.Position);
        Assert.True(loaded.HasGauss);
        Assert.Equal(BitConverter.DoubleToInt64Bits(saved.CachedGaussian), BitConverter.DoubleToInt64Bits(loaded.CachedGaussian));
    }

    [Fact]
    public void Checkpoint_KeepsOptimizerNameRateStepsAndCounts()
    {
        var trainer = NewTrainer(seed: 2, epochs: 2);
        trainer.Fit(Data());
        Checkpoint.Save(PathOf("c.safetensors"), trainer);
        var checkpoint = Checkpoint.Load(PathOf("c.safetensors"));
        Assert.Equal(("adam", 0.05, 0.0, 10L), (checkpoint.OptimizerName, checkpoint.LearningRate, checkpoint.WeightDecay, checkpoint.OptimizerSteps));
        Assert.Equal((2, 10L), (checkpoint.CompletedEpochs, checkpoint.CompletedSteps));
        Assert.Equal(trainer.SampleOrder, checkpoint.SampleOrder);
    }

    [Fact]
    public void ACheckpoint_LoadsAsAModelToo()
    {
        var trainer = NewTrainer(seed: 3, epochs: 1);
        trainer.Fit(Data());
        Checkpoint.Save(PathOf("c.safetensors"), trainer);
        var model = ModelFile.Load<double>(PathOf("c.safetensors"));
        var inputs = Data().Inputs;
        Assert.Equal(trainer.Network.Predict(inputs).ToArray(), model.Network.Predict(inputs).ToArray());
    }

    [Fact]
    public void AModelFile_IsNotACheckpoint()
    {
        SampleModels.Classifier<double>().Save(PathOf("m.safetensors"));
        var e = Assert.Throws<ModelFormatException>(() => Checkpoint.Load(PathOf("m.safetensors")));
        Assert.Equal($"{PathOf("m.safetensors")}: this is a model file, not a checkpoint: it has no training state to resume from", e.Message);
    }

    [Fact]
    public void Restore_IntoATrainerWithAnotherOptimizer_SaysWhichOneTheCheckpointNeeds()
    {
        var trainer = NewTrainer(seed: 3, epochs: 1);
        trainer.Fit(Data());
        Checkpoint.Save(PathOf("c.safetensors"), trainer);
        var other = new Trainer<double>(NewTrainer(seed: 3, epochs: 1).Network, new SoftmaxCrossEntropy<double>(), new Sgd<double>(0.1));
        var e = Assert.Throws<BackpropException>(() => Checkpoint.Load(PathOf("c.safetensors")).Restore(other));
        Assert.Equal($"{PathOf("c.safetensors")}: the checkpoint was made with the adam optimizer, but the trainer uses sgd.", e.Message);
    }

    [Fact]
    public void Restore_IntoADifferentNetwork_IsRefused()
    {
        var trainer = NewTrainer(seed: 3, epochs: 1);
        Checkpoint.Save(PathOf("c.safetensors"), trainer);
        var other = new Trainer<double>(new Network<double>(2, [new Dense<double>(3), new Softmax<double>()]),
            new SoftmaxCrossEntropy<double>(), new Adam<double>());
        var e = Assert.Throws<BackpropException>(() => Checkpoint.Load(PathOf("c.safetensors")).Restore(other));
        Assert.Contains("the checkpoint's network is not built like the trainer's", e.Message);
    }

    [Fact]
    public void DamagedTrainingState_GivesModelFormatException()
    {
        var trainer = NewTrainer(seed: 3, epochs: 1);
        trainer.Fit(Data());
        Checkpoint.Save(PathOf("c.safetensors"), trainer);
        var editor = new ModelFileEditor(File.ReadAllBytes(PathOf("c.safetensors")));
        editor.Metadata["checkpoint"] = System.Text.RegularExpressions.Regex.Replace((string)editor.Metadata["checkpoint"]!, "\"position\":\\d+", "\"position\":1000");
        File.WriteAllBytes(PathOf("d.safetensors"), editor.ToBytes());
        var e = Assert.Throws<ModelFormatException>(() => Checkpoint.Load(PathOf("d.safetensors")));
        Assert.Equal($"{PathOf("d.safetensors")}: the checkpoint is damaged: the random generator's position is not from 0 to 624", e.Message);
    }
}
