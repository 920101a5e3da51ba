using System.Numerics;
using Backprop.Layers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// The serving path (<see cref="Predictor{T}"/>, which Network.Predict runs through): the same numbers as the training
/// path's Forward to the bit — whose Dense layers run the packed product and whose convolutions unfold their windows,
/// where the predictor reads weights and images in place — correct answers for threads predicting at once, and no
/// allocation per call.
/// </summary>
public sealed class PredictorTests
{
    /// <summary>784-128-10, as served in the benchmarks.</summary>
    private static Network<T> Mlp<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        new(784, [new Dense<T>(128), new ReLU<T>(), new Dense<T>(10), new Softmax<T>()], new NumPyRandomState(1));

    /// <summary>conv32x3-maxpool2-conv64x3-maxpool2-128 (valid padding) on 28×28 images, as served in the benchmarks.</summary>
    private static Network<T> Cnn<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        new(new ImageShape(28, 28, 1),
            [new Conv2D<T>(32, 3), new ReLU<T>(), new MaxPool2D<T>(2), new Conv2D<T>(64, 3), new ReLU<T>(), new MaxPool2D<T>(2),
             new Flatten<T>(), new Dense<T>(128), new ReLU<T>(), new Dense<T>(10), new Softmax<T>()],
            new NumPyRandomState(2));

    /// <summary>Same padding and stride 2 on three channels (windows over the border), no bias, dropout, and a network ending in Flatten.</summary>
    private static Network<T> OddCnn<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        new(new ImageShape(11, 9, 3),
            [new Conv2D<T>(16, 3, stride: 2, padding: Padding.Same, bias: false), new Tanh<T>(), new Conv2D<T>(8, 2, padding: Padding.Same),
             new Dropout<T>(0.5), new Flatten<T>()],
            new NumPyRandomState(3));

    private static Network<T> Make<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "mlp" => Mlp<T>(),
        "cnn" => Cnn<T>(),
        _ => OddCnn<T>(),
    };

    /// <summary>Rows of values in [0, 1), and biases set to values so that a misplaced bias would show.</summary>
    private static Matrix<T> Inputs<T>(Network<T> network, int rows, uint seed = 5) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new NumPyRandomState(seed);
        foreach (var p in network.Parameters.Where(p => p.Name == "b"))
            for (int i = 0; i < p.Value.Length; i++) p.Value.AsSpan()[i] = T.CreateChecked(random.RandomSample() - 0.5);
        var inputs = new Matrix<T>(rows, network.InputSize);
        for (int i = 0; i < inputs.Length; i++) inputs.AsSpan()[i] = T.CreateChecked(random.RandomSample());
        return inputs;
    }

    /// <summary>The training path's output: the layers' own buffers, packed products and unfolded windows; dropout off.</summary>
    private static T[] Forward<T>(Network<T> network, Matrix<T> inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var dropout in network.Layers.OfType<Dropout<T>>()) dropout.Training = false;
        return network.Forward(inputs).ToArray();
    }

    [Theory]
    [InlineData("mlp", 1)]
    [InlineData("mlp", 64)]
    [InlineData("cnn", 1)]
    [InlineData("cnn", 64)]
    [InlineData("odd", 1)]
    [InlineData("odd", 5)]
    public void ThePredictor_GivesTheTrainingForwardsNumbers_ToTheBit_FloatAndDouble(string name, int rows)
    {
        Check<float>(name, rows);
        Check<double>(name, rows);

        static void Check<T>(string name, int rows) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var network = Make<T>(name);
            var inputs = Inputs(network, rows);
            var predictor = new Predictor<T>(network, maxBatch: 64);
            var served = new T[rows * network.OutputSize];
            predictor.Predict(inputs.AsSpan(), served);

            var expected = Forward(network, inputs);
            Assert.Contains(expected, v => v != T.Zero);
            Assert.Equal(expected.Select(Bits), served.Select(Bits));
            Assert.Equal(expected.Select(Bits), network.Predict(inputs).ToArray().Select(Bits));
            if (rows == 1) Assert.Equal(expected.Select(Bits), network.Predict(inputs.Row(0)).Select(Bits));
        }
    }

    [Fact]
    public void ABatchLargerThanTheBuffers_RunsInPieces_WithTheSameNumbers()
    {
        var network = Cnn<float>();
        var inputs = Inputs(network, 23);
        var predictor = new Predictor<float>(network, maxBatch: 4);
        var served = new float[23 * network.OutputSize];
        predictor.Predict(inputs.AsSpan(), served);
        Assert.Equal(Forward(network, inputs).Select(Bits), served.Select(Bits));
    }

    [Theory]
    [InlineData(1, 784, 128)]
    [InlineData(1, 1600, 128)]
    [InlineData(2, 300, 10)]
    [InlineData(5, 257, 70)]
    [InlineData(3, 64, 7)]
    [InlineData(1, 513, 1)]
    public void ReadingTheWeightsInPlace_GivesThePackedProductsNumbers(int m, int k, int n)
    {
        Check<float>();
        Check<double>();

        void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            Assert.True(GemmRows<T>.Takes(m, n, k));
            var a = Convert<T>(RandomMatrices.Normal(m, k, 1));
            var b = Convert<T>(RandomMatrices.Normal(k, n, 2));
            var packed = new Matrix<T>(m, n);
            Gemm.Multiply(a, b, packed);
            var inPlace = new Matrix<T>(m, n);
            GemmRows<T>.Multiply(a, b, inPlace);
            Assert.Equal(packed.ToArray().Select(Bits), inPlace.ToArray().Select(Bits));
        }
    }

    /// <summary>A value's bits, as a double's (exact for a float; −0 stays apart from +0).</summary>
    private static long Bits<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> => BitConverter.DoubleToInt64Bits(double.CreateChecked(value));

    private static Matrix<T> Convert<T>(Matrix<double> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Matrix<T>(m.Rows, m.Columns);
        for (int i = 0; i < m.Length; i++) result.AsSpan()[i] = T.CreateChecked(m.AsSpan()[i]);
        return result;
    }

    [Fact]
    public void ThreadsPredictingAtOnce_EachGetTheirOwnRowsAnswers()
    {
        // Four threads, each with its own predictor and one through Network.Predict's pool, each walking the rows from
        // a different place: every answer is the one the row gets alone.
        var network = Cnn<float>();
        const int rows = 40, threads = 4;
        var inputs = Inputs(network, rows);
        var expected = Enumerable.Range(0, rows).Select(r => Forward(network, inputs.RowRange(r, 1))).ToArray();
        var errors = new Exception?[threads];
        var wrong = new int[threads];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                var predictor = new Predictor<float>(network, maxBatch: 1);
                var output = new float[network.OutputSize];
                start.SignalAndWait();
                for (int i = 0; i < 3 * rows; i++)
                {
                    int r = (i + t * 11) % rows;
                    var answer = t % 2 == 0 ? network.Predict(inputs.Row(r)) : Predict(predictor, inputs.Row(r), output);
                    if (!answer.Select(Bits).SequenceEqual(expected[r].Select(Bits))) wrong[t]++;
                }
            }
            catch (Exception e) { errors[t] = e; }
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        Assert.All(errors, Assert.Null);
        Assert.All(wrong, count => Assert.Equal(0, count));

        static float[] Predict(Predictor<float> predictor, ReadOnlySpan<float> row, float[] output)
        {
            predictor.Predict(row, output);
            return output;
        }
    }

    [Fact]
    public void OnePredictorUsedByTwoThreadsAtOnce_IsRefused()
    {
        var network = Mlp<float>();
        var predictor = new Predictor<float>(network, maxBatch: 64);
        var inputs = new float[64 * 784];
        var outputs = new float[64 * 10];
        int refused = 0;
        // Two threads hammer one predictor; a run that meets the other inside it must be refused, never computed.
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 400; i++)
            {
                try { predictor.Predict(inputs, outputs); }
                catch (InvalidOperationException e) when (e.Message.Contains("give each thread its own")) { Interlocked.Increment(ref refused); }
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.True(refused > 0, "two threads running one predictor 800 times never overlapped");
    }

    [Fact]
    public void Predicting_AllocatesNothing_ForOneRowOrABatch()
    {
        foreach (var network in new[] { Mlp<float>(), Cnn<float>() })
        {
            var predictor = new Predictor<float>(network, maxBatch: 64);
            foreach (int rows in new[] { 1, 64, 1 })
            {
                var inputs = new float[rows * network.InputSize];
                var outputs = new float[rows * network.OutputSize];
                predictor.Predict(inputs, outputs);   // the first call of a size makes its views
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 5; i++) predictor.Predict(inputs, outputs);
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
    }

    [Fact]
    public void SpansThatAreNotWholeRows_AreRefusedWithTheSizes()
    {
        var predictor = new Predictor<float>(Mlp<float>());
        var e = Assert.Throws<BackpropException>(() => predictor.Predict(new float[785], new float[10]));
        Assert.Equal("A prediction takes rows of 784 input values and gives 10 output values per row; got 785 inputs and room for 10 outputs.", e.Message);
        Assert.Throws<BackpropException>(() => predictor.Predict(new float[784 * 2], new float[10]));
    }
}
