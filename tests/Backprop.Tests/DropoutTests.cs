using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public class DropoutTests
{
    private static Dropout<double> Built(double rate, int width, uint seed)
    {
        var layer = new Dropout<double>(rate);
        layer.Build(width, new NumPyRandomState(seed));
        return layer;
    }

    private static Matrix<double> Ones(int rows, int columns)
    {
        var m = new Matrix<double>(rows, columns);
        m.Fill(1);
        return m;
    }

    [Fact]
    public void Dropout_KeepsTheValuesNumPysRandomSampleKeeps_ScaledByOneOverOneMinusTheRate()
    {
        // NumPy 1.24: (np.random.RandomState(7).random_sample((3, 5)) >= 0.4).astype(int)
        int[] kept = [0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0];
        var y = Built(0.4, 5, 7).Forward(Ones(3, 5));
        Assert.Equal(kept.Select(k => k / 0.6).ToArray(), y.ToArray());
    }

    [Fact]
    public void Dropout_Backward_PassesTheGradientThroughTheSameMask()
    {
        var layer = Built(0.5, 6, 1);
        var y = layer.Forward(Ones(4, 6));
        var g = FiniteDifferences.RandomMatrix(4, 6, 2);
        var dx = layer.Backward(g);
        // y = m·x with x = 1, so y is the mask itself, and ∂E/∂x = m·g.
        Assert.Equal(y.ToArray().Zip(g.ToArray(), (m, gi) => m * gi).ToArray(), dx.ToArray());
    }

    [Fact]
    public void Dropout_GradientMatchesFiniteDifferences_WithTheMaskHeldFixed()
    {
        // The random state is re-seeded before each forward pass, so every pass draws the same mask.
        var random = new NumPyRandomState(3);
        var layer = new Dropout<double>(0.3);
        layer.Build(7, random);
        double error = FiniteDifferences.LayerInputError(new Reseeding(layer, random, 11), FiniteDifferences.RandomMatrix(3, 7, 4));
        Assert.True(error < 1e-6, $"relative error {error}");
    }

    /// <summary>A layer whose random state is seeded afresh before each forward pass.</summary>
    private sealed class Reseeding(ILayer<double> inner, NumPyRandomState random, uint seed) : ILayer<double>
    {
        public string Name => inner.Name;
        public int InputSize => inner.InputSize;
        public int OutputSize => inner.OutputSize;
        public IReadOnlyList<Parameter<double>> Parameters => inner.Parameters;
        public LayerConfig Config => inner.Config;
        public Matrix<double>? Output => inner.Output;
        public void Build(int inputSize, NumPyRandomState r) => inner.Build(inputSize, r);
        public void Apply(Matrix<double> input, Matrix<double> output) => inner.Apply(input, output);
        public Matrix<double> Backward(Matrix<double> outputGradient) => inner.Backward(outputGradient);

        public Matrix<double> Forward(Matrix<double> input)
        {
            random.Seed(seed);
            return inner.Forward(input);
        }
    }

    [Fact]
    public void Dropout_WhenPredicting_PassesEverythingUnchanged()
    {
        var layer = Built(0.5, 5, 1);
        var x = FiniteDifferences.RandomMatrix(3, 5, 1);
        var y = new Matrix<double>(3, 5);
        layer.Apply(x, y);
        Assert.Equal(x.ToArray(), y.ToArray());
    }

    [Fact]
    public void Dropout_IsOffWhileEvaluating_AndOnAgainAfter()
    {
        // A network that is only dropout: evaluated, its loss is that of the identity, whatever the masks would be.
        var network = new Network<double>(2, [new Dropout<double>(0.9)], new NumPyRandomState(1));
        var x = Matrix<double>.FromRows([0.2, 0.8], [0.6, 0.4]);
        var data = new InMemoryDataset<double>(x, x.Clone());
        var (loss, _) = Evaluation.Run(network, new MeanSquaredError<double>(), data);
        Assert.Equal(0, loss);
        Assert.True(((Dropout<double>)network.Layers[0]).Training);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void Dropout_RateOutsideZeroToOne_IsAnErrorSuggestingOne(double rate)
    {
        var e = Assert.Throws<BackpropException>(() => new Dropout<float>(rate));
        Assert.Contains("try 0.25 or 0.5", e.Message);
    }
}
