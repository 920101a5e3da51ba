using Backprop.Random;

namespace Backprop.Layers;

/// <summary>How a Dense layer's weights or bias start. Values are drawn row-major, one after another.</summary>
public abstract record Initializer
{
    /// <summary>Fills <paramref name="values"/> for a layer with the given fan-in and fan-out.</summary>
    public abstract void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random);

    /// <summary>Every value equal to <paramref name="Value"/>.</summary>
    public sealed record Constant(double Value) : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random) => values.Fill(Value);
    }

    /// <summary>Uniform in [Low, High): Low + (High − Low)·u, with u from random_sample.</summary>
    public sealed record Uniform(double Low, double High) : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random)
        {
            // Written as (High − Low)·u + Low so that Uniform(−1, 1) gives exactly NumPy's 2·random() − 1.
            for (int i = 0; i < values.Length; i++) values[i] = (High - Low) * random.RandomSample() + Low;
        }
    }

    /// <summary>Normal with the given mean and standard deviation: Mean + Std·z, with z from randn.</summary>
    public sealed record Normal(double Mean = 0, double Std = 1) : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random)
        {
            for (int i = 0; i < values.Length; i++) values[i] = Mean + Std * random.StandardNormal();
        }
    }

    /// <summary>Xavier/Glorot uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)); suits sigmoid and tanh.</summary>
    public sealed record Xavier : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random)
        {
            double a = Math.Sqrt(6.0 / (fanIn + fanOut));
            new Uniform(-a, a).Fill(values, fanIn, fanOut, random);
        }
    }

    /// <summary>He normal: N(0, 2 / fanIn); suits ReLU.</summary>
    public sealed record He : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random) =>
            new Normal(0, Math.Sqrt(2.0 / fanIn)).Fill(values, fanIn, fanOut, random);
    }

    /// <summary>
    /// LeCun normal: N(0, 1 / fanIn), standard deviation 1/√fanIn. The "better initialisation" of the Go series' part 3 and
    /// of Nielsen's chapter 3: a unit with fanIn inputs of size about 1 then gets a weighted sum of standard deviation
    /// about 1 instead of √fanIn, and its sigmoid does not start saturated.
    /// </summary>
    public sealed record LeCun : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random) =>
            new Normal(0, Math.Sqrt(1.0 / fanIn)).Fill(values, fanIn, fanOut, random);
    }

    /// <summary>Xavier/Glorot normal: N(0, 2 / (fanIn + fanOut)), the normal form of <see cref="Xavier"/>.</summary>
    public sealed record XavierNormal : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random) =>
            new Normal(0, Math.Sqrt(2.0 / (fanIn + fanOut))).Fill(values, fanIn, fanOut, random);
    }

    /// <summary>Every value 0, drawing nothing: the usual start for biases (for weights it leaves every unit alike).</summary>
    public sealed record Zeros : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random) => values.Clear();
    }

    /// <summary>
    /// U(−a, a) with a = 1/√fanIn: PyTorch's default for nn.Linear (kaiming_uniform with a = √5 for the weights, and
    /// the same bound for the bias), so a network starts as a PyTorch one of the same shape would.
    /// </summary>
    public sealed record FanInUniform : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random)
        {
            double a = 1 / Math.Sqrt(fanIn);
            new Uniform(-a, a).Fill(values, fanIn, fanOut, random);
        }
    }

    /// <summary>Explicit values, row-major (inputs × outputs for weights).</summary>
    public sealed record Values(double[] Data) : Initializer
    {
        /// <inheritdoc />
        public override void Fill(Span<double> values, int fanIn, int fanOut, NumPyRandomState random)
        {
            if (Data.Length != values.Length)
                throw new ArgumentException($"Expected {values.Length} initial values ({fanIn}×{fanOut}), got {Data.Length}.");
            Data.CopyTo(values);
        }
    }
}
