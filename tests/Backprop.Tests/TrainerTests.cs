using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Tests;

public class TrainerTests
{
    private static readonly double[][] TwoBits = [[0, 0], [0, 1], [1, 0], [1, 1]];

    private static InMemoryDataset<T> Gate<T>(params double[] targets) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        InMemoryDataset<T>.FromRows(TwoBits, targets.Select(t => new[] { t }).ToArray(), ["0", "1"]);

    private static Network<double> Xor241(uint seed) => new(2,
        [new Dense<double>(4, weights: new Initializer.Uniform(-1, 1)), new Sigmoid<double>(),
         new Dense<double>(1, weights: new Initializer.Uniform(-1, 1)), new Sigmoid<double>()],
        new NumPyRandomState(seed));

    [Fact]
    public void Xor_With241SigmoidNetwork_LearnsToLossBelowOneHundredth()
    {
        var net = Xor241(1);
        var trainer = new Trainer<double>(net, new HalfSumSquares<double>(), new Sgd<double>(1.0)) { Epochs = 20000, TargetLoss = 0.005 };
        var history = trainer.Fit(Gate<double>(0, 1, 1, 0));
        var data = Gate<double>(0, 1, 1, 0);
        var loss = trainer.Evaluate(data);
        Assert.True(loss.Loss < 0.01, $"loss {loss.Loss} after {history.Epochs.Count} epochs");
        Assert.Equal(1.0, loss.Accuracy);
        var outputs = net.Predict(data.Inputs).ToArray();
        Assert.True(outputs[0] < 0.1 && outputs[1] > 0.9 && outputs[2] > 0.9 && outputs[3] < 0.1, string.Join(", ", outputs));
    }

    [Theory]
    [InlineData(0, 0, 0, 1)]   // AND
    [InlineData(0, 1, 1, 1)]   // OR
    public void AndOr_SingleSigmoidNeuron_LearnsTheGate(double a, double b, double c, double d)
    {
        var net = new Network<double>(2, [new Dense<double>(1), new Sigmoid<double>()], new NumPyRandomState(0));
        var data = Gate<double>(a, b, c, d);
        var trainer = new Trainer<double>(net, new BinaryCrossEntropy<double>(), new Sgd<double>(1.0)) { Epochs = 2000 };
        trainer.Fit(data);
        var (loss, accuracy) = trainer.Evaluate(data);
        Assert.Equal(1.0, accuracy);
        Assert.True(loss < 0.05, $"loss {loss}");
    }

    [Fact]
    public void HugeLearningRate_TriggersTheDivergenceGuard_NamingEpochStepAndAFix()
    {
        var net = new Network<double>(2, [new Dense<double>(1, weights: new Initializer.Constant(1))], new NumPyRandomState(0));
        var data = InMemoryDataset<double>.FromRows([[1e3, 2e3], [3e3, -1e3]], [[1], [2]]);
        var trainer = new Trainer<double>(net, new MeanSquaredError<double>(), new Sgd<double>(1e6)) { Epochs = 1000 };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data));
        Assert.Matches(@"^Training diverged at epoch \d+, step \d+: the loss became (NaN|infinite)\. Try a smaller learning rate than 1000000\.$", e.Message);
        Assert.True(e.Epoch > 1);
    }

    [Fact]
    public void MiniBatches_CoverEverySampleOncePerEpoch_InAShuffledOrder()
    {
        var data = InMemoryDataset<double>.FromRows(Enumerable.Range(0, 10).Select(i => new double[] { i }).ToArray(),
            Enumerable.Range(0, 10).Select(i => new double[] { i }).ToArray());
        var net = new Network<double>(1, new Dense<double>(1));
        var seen = new List<int>();
        var trainer = new Trainer<double>(net, new MeanSquaredError<double>(), new Sgd<double>(1e-3))
        {
            Batching = new BatchMode.MiniBatch(4), Epochs = 1,
            BeforeUpdate = ctx => seen.AddRange(ctx.Indices.ToArray()),
        };
        var history = trainer.Fit(data);
        Assert.Equal(3, history.Epochs[0].Steps);   // 4 + 4 + 2
        Assert.Equal(Enumerable.Range(0, 10), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 10), seen);
    }

    [Fact]
    public void StochasticWithReplacement_PicksSamplesWithRandInt_AndRecordsEveryKSteps()
    {
        var data = Gate<double>(0, 1, 1, 1);
        var picked = new List<int>();
        var net = new Network<double>(2, [new Dense<double>(1), new Sigmoid<double>()]);
        var trainer = new Trainer<double>(net, new MeanSquaredError<double>(), new Sgd<double>(0.1))
        {
            Batching = new BatchMode.Stochastic(WithReplacement: true), Epochs = 1000, MaxSteps = 12, RecordEvery = 5,
            Random = new NumPyRandomState(0), BeforeUpdate = ctx => picked.Add(ctx.Indices.Span[0]),
        };
        var history = trainer.Fit(data);
        // np.random.seed(0); [np.random.randint(4) for _ in range(12)]
        var rng = new NumPyRandomState(0);
        Assert.Equal(Enumerable.Range(0, 12).Select(_ => (int)rng.RandInt(4)), picked);
        Assert.Equal([0L, 5, 10], history.Steps.Select(s => s.Step));
    }

    private static double[] TrainOnce<T>(uint seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new NumPyRandomState(seed);
        var net = new Network<T>(2, [new Dense<T>(8, weights: new Initializer.He()), new ReLU<T>(), new Dense<T>(2), new Softmax<T>()], rng);
        var x = Enumerable.Range(0, 200).Select(_ => new[] { rng.StandardNormal(), rng.StandardNormal() }).ToArray();
        var y = x.Select(p => p[0] * p[1] > 0 ? new double[] { 1, 0 } : [0, 1]).ToArray();
        var trainer = new Trainer<T>(net, new SoftmaxCrossEntropy<T>(), new Adam<T>(0.01))
        { Batching = new BatchMode.MiniBatch(16), Epochs = 5, Random = rng };
        trainer.Fit(InMemoryDataset<T>.FromRows(x, y, ["same", "different"]));
        return net.Parameters.SelectMany(p => p.Value.ToArray()).Select(v => double.CreateChecked(v)).ToArray();
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalWeights_ForDouble()
    {
        var a = TrainOnce<double>(42);
        Assert.Equal(a, TrainOnce<double>(42));
        Assert.NotEqual(a, TrainOnce<double>(43));
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalWeights_ForFloat()
    {
        var a = TrainOnce<float>(42);
        Assert.Equal(a, TrainOnce<float>(42));
        Assert.NotEqual(a, TrainOnce<float>(43));
    }

    /// <summary>A 20-32-3 ReLU network trained with plain SGD on 300 seeded samples; returns its weights and whether gradients were filled.</summary>
    private static (float[] Weights, bool GradientsFilled) TrainWithSgd(bool watchGradients)
    {
        var rng = new NumPyRandomState(7);
        var net = new Network<float>(20, [new Dense<float>(32, weights: new Initializer.He()), new ReLU<float>(), new Dense<float>(3), new Softmax<float>()], rng);
        var x = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 20).Select(_ => rng.StandardNormal()).ToArray()).ToArray();
        var y = x.Select(r => { var t = new double[3]; t[(r[0] > 0 ? 1 : 0) + (r[1] > 0.5 ? 1 : 0)] = 1; return t; }).ToArray();
        bool filled = false;
        var trainer = new Trainer<float>(net, new SoftmaxCrossEntropy<float>(), new Sgd<float>(0.1))
        {
            Batching = new BatchMode.MiniBatch(32), Epochs = 4, Random = rng,
            // A BeforeUpdate hook may read the gradients, so with one the step is never taken inside Backward.
            BeforeUpdate = watchGradients ? _ => filled = net.Parameters[0].Gradient.ToArray().Any(g => g != 0) : null,
        };
        trainer.Fit(InMemoryDataset<float>.FromRows(x, y, ["a", "b", "c"]));
        filled |= net.Parameters[0].Gradient.ToArray().Any(g => g != 0);
        return (net.Parameters.SelectMany(p => p.Value.ToArray()).ToArray(), filled);
    }

    [Fact]
    public void PlainSgd_TakenInsideTheBackwardPass_GivesBitIdenticalWeights()
    {
        var (folded, foldedFilled) = TrainWithSgd(watchGradients: false);
        var (separate, separateFilled) = TrainWithSgd(watchGradients: true);
        Assert.False(foldedFilled);    // the first layer took its step inside Backward, never storing ∂E/∂W
        Assert.True(separateFilled);
        // 40 steps in, to the bit: the fused product completes each sum before it scales and subtracts it.
        Assert.Equal(separate, folded);
        Assert.NotEqual(TrainWithSgd(false).Weights, new Network<float>(20, [new Dense<float>(32, weights: new Initializer.He()), new ReLU<float>(), new Dense<float>(3), new Softmax<float>()], new NumPyRandomState(7)).Parameters.SelectMany(p => p.Value.ToArray()).ToArray());
    }
}
