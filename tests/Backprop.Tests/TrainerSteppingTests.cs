using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// The trainer driven from outside, a step or an epoch at a time, against <see cref="Trainer{T}.Fit"/>: the same
/// seed must give the same weights to the bit, however the run is cut up, and with or without the fast path.
/// </summary>
public class TrainerSteppingTests
{
    /// <summary>300 seeded samples of 20 inputs in 3 classes, and a 20-32-3 ReLU network (its first layer's products are packed).</summary>
    private static (Trainer<float> Trainer, InMemoryDataset<float> Data) Setup(string optimizer, BatchMode batching, int epochs = 2, bool fast = true)
    {
        var rng = new NumPyRandomState(7);
        var net = new Network<float>(20, [new Dense<float>(32, weights: new Initializer.He()), new ReLU<float>(), new Dense<float>(3), new Softmax<float>()], rng);
        var x = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 20).Select(_ => rng.StandardNormal()).ToArray()).ToArray();
        var y = x.Select(r => { var t = new double[3]; t[(r[0] > 0 ? 1 : 0) + (r[1] > 0.5 ? 1 : 0)] = 1; return t; }).ToArray();
        var trainer = new Trainer<float>(net, new SoftmaxCrossEntropy<float>(), OptimizerFactory.Create<float>(optimizer, optimizer == "adam" ? 0.01 : 0.1))
        {
            Batching = batching, Epochs = epochs, Random = rng, UseFastPath = fast,
        };
        return (trainer, InMemoryDataset<float>.FromRows(x, y, ["a", "b", "c"]));
    }

    private static float[] Weights(Trainer<float> trainer) => [.. trainer.Network.Parameters.SelectMany(p => p.Value.ToArray())];

    public static TheoryData<string> Optimizers => ["sgd", "momentum", "adam"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void StepThroughTwoEpochs_PausingBetweenSteps_EndsBitIdenticalToFit(string optimizer)
    {
        var (fitted, data) = Setup(optimizer, new BatchMode.MiniBatch(32));
        fitted.Fit(data);

        var (stepped, sameData) = Setup(optimizer, new BatchMode.MiniBatch(32));
        stepped.Start(sameData);
        var losses = new List<double>();
        while (stepped.CompletedEpochs < 2)
        {
            losses.Add(stepped.Step());
            // Paused: the state of the step just taken can be read, and is the step's own.
            Assert.Equal(losses[^1], stepped.LastStep.Loss);
            Assert.Equal(stepped.CompletedSteps, stepped.LastStep.Step);
            Assert.Same(stepped.Network.Layers[^1].Output, stepped.LastStep.Output);
        }

        Assert.Equal(20, losses.Count);                 // 300 samples in batches of 32: 10 steps an epoch
        Assert.Equal(Weights(fitted), Weights(stepped));
        Assert.Equal(fitted.History.Epochs.Select(e => e.TrainLoss), stepped.History.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(fitted.History.Epochs.Select(e => e.TrainAccuracy), stepped.History.Epochs.Select(e => e.TrainAccuracy));
        Assert.Equal(fitted.SampleOrder, stepped.SampleOrder);
    }

    [Fact]
    public void AfterAStep_EveryParameterHoldsThatStepsGradient()
    {
        // The step with plain SGD: the fast path would take the first layer's step inside Backward, Step never does.
        var (trainer, data) = Setup("sgd", new BatchMode.MiniBatch(32));
        trainer.Start(data);
        trainer.Step();
        var w = trainer.Network.Parameters[0];
        var x = trainer.LastStep.Inputs;
        var delta = trainer.Network.Layers[1].InputGradient!;   // ∂E/∂(first Dense's output), through the ReLU
        // ∂E/∂W = Xᵀ·δ, worked out here for one weight.
        double expected = 0;
        for (int r = 0; r < x.Rows; r++) expected += x[r, 3] * delta[r, 5];
        Assert.True(Math.Abs(expected - w.Gradient[3, 5]) <= 1e-5 * (1 + Math.Abs(expected)), $"{w.Gradient[3, 5]} against {expected}");
        Assert.NotEqual(0f, w.Gradient[3, 5]);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void MixingStepsEpochsAndFit_GivesTheWeightsOfOneFit(string optimizer)
    {
        var (fitted, data) = Setup(optimizer, new BatchMode.MiniBatch(32), epochs: 4);
        fitted.Fit(data);

        var (mixed, sameData) = Setup(optimizer, new BatchMode.MiniBatch(32), epochs: 4);
        mixed.Start(sameData);
        for (int i = 0; i < 3; i++) mixed.Step();      // three steps into epoch 1
        mixed.RunEpoch();                              // the rest of epoch 1, the plain way
        Assert.Equal(0, mixed.StepInEpoch);
        mixed.RunEpoch();                              // epoch 2, through the fast path
        mixed.Step();                                  // one step into epoch 3
        mixed.Fit(sameData);                           // the rest: the same data, so the run goes on

        Assert.Equal(4, mixed.CompletedEpochs);
        Assert.Equal(Weights(fitted), Weights(mixed));
        Assert.Equal(fitted.History.Epochs.Select(e => e.TrainLoss), mixed.History.Epochs.Select(e => e.TrainLoss));
    }

    public static TheoryData<string, string> Modes => new()
    {
        { "sgd", "mini-batch" }, { "sgd", "full" }, { "sgd", "stochastic" }, { "sgd", "with-replacement" },
        { "adam", "mini-batch" }, { "nesterov", "mini-batch" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheFastPath_ChangesNoNumber(string optimizer, string mode)
    {
        BatchMode batching = mode switch
        {
            "full" => new BatchMode.FullBatch(),
            "stochastic" => new BatchMode.Stochastic(),
            "with-replacement" => new BatchMode.Stochastic(WithReplacement: true),
            _ => new BatchMode.MiniBatch(32),
        };
        var (fast, data) = Setup(optimizer, batching, epochs: 3, fast: true);
        fast.Fit(data);
        var (plain, sameData) = Setup(optimizer, batching, epochs: 3, fast: false);
        plain.Fit(sameData);
        Assert.Equal(Weights(plain), Weights(fast));
        Assert.Equal(plain.History.Epochs.Select(e => e.TrainLoss), fast.History.Epochs.Select(e => e.TrainLoss));
    }

    public static TheoryData<string, string> Schedules => new()
    {
        { "sgd", "step" }, { "sgd", "cosine" }, { "sgd", "plateau" }, { "adam", "cosine" }, { "momentum", "step" },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void TheFastPath_ChangesNoNumber_WhenAScheduleChangesTheRateBetweenEpochs(string optimizer, string schedule)
    {
        // Six epochs: the step schedule (every 2 here) and cosine change the rate after each one, so the fused SGD step
        // must read the optimizer's current rate every epoch, not the one it started with.
        LearningRateSchedule Make(Optimizer<float> o) => schedule == "step" ? new StepDecay(o.LearningRate, every: 2) : LearningRateSchedules.Create(schedule, o, 6);
        var (fast, data) = Setup(optimizer, new BatchMode.MiniBatch(32), epochs: 6, fast: true);
        Make(fast.Optimizer).Attach(fast);
        fast.Fit(data);
        var (plain, sameData) = Setup(optimizer, new BatchMode.MiniBatch(32), epochs: 6, fast: false);
        Make(plain.Optimizer).Attach(plain);
        plain.Fit(sameData);
        Assert.Equal(Weights(plain), Weights(fast));
        Assert.Equal(plain.Optimizer.LearningRate, fast.Optimizer.LearningRate);
        if (schedule != "plateau") Assert.True(fast.Optimizer.LearningRate < 0.5 * (optimizer == "adam" ? 0.01 : 0.1), $"rate {fast.Optimizer.LearningRate}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AStopRequestedMidEpoch_EndsFitAfterThatStep_AndTheRunContinuesToTheSameWeights(bool fast)
    {
        var (straight, data) = Setup("sgd", new BatchMode.MiniBatch(32), epochs: 3, fast: fast);
        straight.Fit(data);

        var (stopped, sameData) = Setup("sgd", new BatchMode.MiniBatch(32), epochs: 3, fast: fast);
        stopped.AfterUpdate = ctx => { if (ctx.Step == 14) stopped.RequestStop(); };
        stopped.Fit(sameData);
        Assert.Equal(14, stopped.CompletedSteps);          // 10 steps an epoch: stopped 4 steps into epoch 2
        Assert.Equal(4, stopped.StepInEpoch);
        Assert.Single(stopped.History.Epochs);
        var second = stopped.RunEpoch();                   // a new call starts afresh: it finishes epoch 2
        Assert.Equal(2, second?.Epoch);
        stopped.Fit(sameData);
        Assert.Equal(Weights(straight), Weights(stopped));
        Assert.Equal(straight.History.Epochs.Select(e => e.TrainLoss), stopped.History.Epochs.Select(e => e.TrainLoss));
    }

    [Fact]
    public void ACancelledToken_StopsTheRunAfterTheStepInProgress()
    {
        using var cancel = new CancellationTokenSource();
        var (plain, data) = Setup("adam", new BatchMode.MiniBatch(32), epochs: 5);
        var trainer = new Trainer<float>(plain.Network, plain.Loss, plain.Optimizer)
        {
            Batching = plain.Batching, Epochs = 5, Random = plain.Random, Cancellation = cancel.Token,
            AfterUpdate = ctx => { if (ctx.Step == 23) cancel.Cancel(); },
        };
        trainer.Fit(data);
        Assert.Equal(23, trainer.CompletedSteps);
        Assert.Equal(2, trainer.CompletedEpochs);
        Assert.True(trainer.StopRequested);
    }

    [Fact]
    public void StepBeforeStart_SaysWhatToDo()
    {
        var (trainer, _) = Setup("sgd", new BatchMode.MiniBatch(32));
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Step());
        Assert.Contains("Start(train)", e.Message);
    }

    [Fact]
    public void NewDataInTheMiddleOfAnEpoch_IsRefused()
    {
        var (trainer, data) = Setup("sgd", new BatchMode.MiniBatch(32));
        trainer.Start(data);
        trainer.Step();
        var (_, other) = Setup("sgd", new BatchMode.MiniBatch(32));
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Start(other));
        Assert.Contains("Epoch 1 is in progress", e.Message);
    }

    [Fact]
    public void TwoTrainersInOneProcess_UseTheirOwnThreadCounts_AndGiveTheSameWeights()
    {
        using var one = new ComputeContext(threads: 1);
        using var two = new ComputeContext(threads: 2);
        var (a, data) = Setup("sgd", new BatchMode.MiniBatch(64));
        var (b, sameData) = Setup("sgd", new BatchMode.MiniBatch(64));
        var seenA = new List<int>();
        var seenB = new List<int>();
        var trainerA = new Trainer<float>(a.Network, a.Loss, a.Optimizer) { Batching = a.Batching, Epochs = 2, Random = a.Random, Compute = one,
            AfterUpdate = _ => seenA.Add(ComputeContext.Current.Threads) };
        var trainerB = new Trainer<float>(b.Network, b.Loss, b.Optimizer) { Batching = b.Batching, Epochs = 2, Random = b.Random, Compute = two,
            AfterUpdate = _ => seenB.Add(ComputeContext.Current.Threads) };
        // Interleaved on one thread, step by step: each step runs in its own trainer's context.
        trainerA.Start(data);
        trainerB.Start(sameData);
        while (trainerA.CompletedEpochs < 2) { trainerA.Step(); trainerB.Step(); }

        Assert.All(seenA, t => Assert.Equal(1, t));
        Assert.All(seenB, t => Assert.Equal(2, t));
        Assert.Equal(Weights(trainerA), Weights(trainerB));
        // Nothing is left set afterwards: code outside a trainer runs in the default context.
        Assert.Same(ComputeContext.Default, ComputeContext.Current);
    }

    [Fact]
    public void LastStep_GivesEachLayersInputAndDelta_AsTheChainRuleWorkedByHandDoes()
    {
        // 3-4-2, tanh then softmax with fused cross-entropy, one sample: δ_k = p_k − t_k, δ_j = (1 − h_j²)·Σ_k w_jk·δ_k.
        var net = new Network<double>(3, [new Dense<double>(4), new Tanh<double>(), new Dense<double>(2), new Softmax<double>()], new NumPyRandomState(3));
        var trainer = new Trainer<double>(net, new SoftmaxCrossEntropy<double>(), new Sgd<double>(0.1));
        trainer.Start(InMemoryDataset<double>.FromRows([[0.5, -1.2, 2.0]], [[0, 1]]));
        bool seen = false;
        trainer.BeforeUpdate = step =>
        {
            seen = true;
            Assert.True(step.GradientIsForLogits);
            Assert.Same(step.Inputs, step.LayerInput(0));
            Assert.Same(net.Layers[1].Output, step.LayerInput(2));
            Assert.Null(step.LayerOutputGradient(3));   // the softmax Backward skips
            var h = net.Layers[1].Output!.Row(0).ToArray();
            var w = ((Dense<double>)net.Layers[2]).Weights;
            var deltaK = step.LayerOutputGradient(2)!.Row(0).ToArray();
            for (int k = 0; k < 2; k++) Assert.Equal(step.Output[0, k] - step.Targets[0, k], deltaK[k], 1e-15);
            for (int j = 0; j < 4; j++)
            {
                double back = w.Value[j, 0] * deltaK[0] + w.Value[j, 1] * deltaK[1];
                Assert.Equal(back, step.LayerOutputGradient(1)![0, j], 1e-15);
                Assert.Equal((1 - h[j] * h[j]) * back, step.LayerOutputGradient(0)![0, j], 1e-15);
                for (int k = 0; k < 2; k++) Assert.Equal(h[j] * deltaK[k], w.Gradient[j, k], 1e-15);
            }
        };
        trainer.Step();
        Assert.True(seen);
    }
}
