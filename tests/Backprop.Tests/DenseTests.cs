using Backprop.Layers;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Tests;

public class DenseTests
{
    // A 2-input, 2-output layer with W = [[1, 2], [3, 4]] (inputs × outputs) and b = [0.5, −1].
    private static Dense<double> Layer()
    {
        var d = new Dense<double>(2, bias: true, new Initializer.Values([1, 2, 3, 4]), new Initializer.Values([0.5, -1]));
        d.Build(2, new NumPyRandomState(0));
        return d;
    }

    [Fact]
    public void Dense_Forward_IsInputTimesWeightsPlusBias_WorkedByHand()
    {
        // x = [1, 2]: y₁ = 1·1 + 2·3 + 0.5 = 7.5, y₂ = 1·2 + 2·4 − 1 = 9
        // x = [−1, 0.5]: y₁ = −1 + 1.5 + 0.5 = 1, y₂ = −2 + 2 − 1 = −1
        var y = Layer().Forward(Matrix<double>.FromRows([1, 2], [-1, 0.5]));
        Assert.Equal([7.5, 9, 1, -1], y.ToArray());
    }

    [Fact]
    public void Dense_Backward_GivesXTransposeDelta_SumOfDelta_AndDeltaWTranspose_WorkedByHand()
    {
        var d = Layer();
        d.Forward(Matrix<double>.FromRows([1, 2], [-1, 0.5]));
        var dx = d.Backward(Matrix<double>.FromRows([1, 0], [2, -1]));
        // ∂E/∂W = Xᵀ·δ = [[1·1 + (−1)·2, 1·0 + (−1)(−1)], [2·1 + 0.5·2, 2·0 + 0.5(−1)]] = [[−1, 1], [3, −0.5]]
        Assert.Equal([-1, 1, 3, -0.5], d.Weights.Gradient.ToArray());
        // ∂E/∂b = Σ δ = [3, −1]
        Assert.Equal([3, -1], d.Bias!.Gradient.ToArray());
        // ∂E/∂X = δ·Wᵀ = [[1·1 + 0·2, 1·3 + 0·4], [2·1 − 1·2, 2·3 − 1·4]] = [[1, 3], [0, 2]]
        Assert.Equal([1, 3, 0, 2], dx.ToArray());
    }

    [Fact]
    public void Dense_WrongInputWidth_IsAClearError()
    {
        var e = Assert.Throws<BackpropException>(() => Layer().Forward(Matrix<double>.FromRows([1, 2, 3])));
        Assert.Contains("expects 2 inputs", e.Message);
    }

    [Fact]
    public void Dense_Initialisers_DrawFromTheNumPyGenerator()
    {
        // Uniform(−1, 1) with seed 1 is 2·random((3,1)) − 1: the 9-line neuron's −0.16595599, 0.44064899, −0.99977125.
        var d = new Dense<double>(1, bias: false, new Initializer.Uniform(-1, 1));
        d.Build(3, new NumPyRandomState(1));
        var w = d.Weights.Value.ToArray();
        Assert.Equal(-0.16595599, w[0], 8);
        Assert.Equal(0.44064899, w[1], 8);
        Assert.Equal(-0.99977125, w[2], 8);
    }

    [Fact]
    public void Dense_HeAndXavier_HaveTheirPublishedSpread()
    {
        var he = new Dense<double>(400, weights: new Initializer.He());
        he.Build(200, new NumPyRandomState(2));
        var w = he.Weights.Value.ToArray();
        double std = Math.Sqrt(w.Select(v => v * v).Average());
        Assert.Equal(Math.Sqrt(2.0 / 200), std, 2);   // He: std √(2/fan-in) = 0.1

        var xavier = new Dense<double>(300, weights: new Initializer.Xavier());
        xavier.Build(300, new NumPyRandomState(2));
        double limit = Math.Sqrt(6.0 / 600);
        Assert.All(xavier.Weights.Value.ToArray(), v => Assert.InRange(v, -limit, limit));
    }

    [Theory]
    [InlineData(16, 40, 30)]    // m·n·k = 19,200: a packed product
    [InlineData(2, 3, 4)]       // 24: the textbook-order loop (the fast path leaves such a layer to the optimizer, but the step is still exact)
    public void Dense_BackwardAndDescend_MovesWAndBBitForBitLikeBackwardThenSgd_AndLeavesTheGradientsUnfilled(int batch, int inputs, int outputs)
    {
        var random = new NumPyRandomState(5);
        var x = new Matrix<float>(batch, inputs, Normals(random, batch * inputs));
        var delta = new Matrix<float>(batch, outputs, Normals(random, batch * outputs));
        var separate = Built(); var fused = Built();

        separate.Forward(x);
        var dxSeparate = separate.Backward(delta).ToArray();
        new Optimizers.Sgd<float>(0.1).Step(separate.Parameters);
        fused.Forward(x);
        Assert.Equal(batch * inputs * outputs > 512, fused.CanDescendInBackward(batch));
        var dxFused = fused.BackwardAndDescend(delta, 0.1f).ToArray();

        // ∂E/∂X is taken with W before the step; W − η·(Xᵀ·δ) is formed with each sum complete, as the separate steps form it.
        Assert.Equal(dxSeparate, dxFused);
        Assert.Equal(separate.Weights.Value.ToArray(), fused.Weights.Value.ToArray());
        Assert.Equal(separate.Bias!.Value.ToArray(), fused.Bias!.Value.ToArray());
        // The weights moved by −η·∂E/∂W, not by nothing.
        Assert.True(separate.Weights.Value.ToArray().Zip(Built().Weights.Value.ToArray()).Max(p => Math.Abs(p.First - p.Second)) > 0.05);
        Assert.All(fused.Weights.Gradient.ToArray(), g => Assert.Equal(0f, g));
        Assert.All(fused.Bias.Gradient.ToArray(), g => Assert.Equal(0f, g));

        static float[] Normals(NumPyRandomState r, int count) => [.. Enumerable.Range(0, count).Select(_ => (float)r.StandardNormal())];

        Dense<float> Built()
        {
            var d = new Dense<float>(outputs, weights: new Initializer.Uniform(-1, 1), biasInit: new Initializer.Uniform(-1, 1));
            d.Build(inputs, new NumPyRandomState(9));
            return d;
        }
    }

    [Fact]
    public void Dense_BackwardAndDescend_RefusesABatchItsProductCannotSumInOnePass()
    {
        var d = new Dense<float>(30);
        d.Build(40, new NumPyRandomState(1));
        Assert.True(d.CanDescendInBackward(256));
        Assert.False(d.CanDescendInBackward(257));
    }
}
