using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>
/// One hidden layer as the command line writes it in <c>--layers</c>: <c>128</c> (a Dense layer of 128 units),
/// <c>conv32x3</c> (32 filters of 3×3; add <c>-same</c> for same padding and <c>-s2</c> for stride 2),
/// <c>maxpool2</c> (2×2 max pooling; <c>-s1</c> for another stride), <c>dropout0.25</c> and <c>flatten</c>.
/// Dense and convolution layers are followed by the recipe's activation; see <see cref="NetworkRecipe"/>.
/// </summary>
public abstract partial record LayerSpec
{
    /// <summary>A Dense layer of <paramref name="Units"/> units.</summary>
    public sealed record Dense(int Units) : LayerSpec
    {
        /// <inheritdoc />
        public override string ToString() => Units.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A Conv2D layer.</summary>
    public sealed record Convolution(int Filters, int Kernel, int Stride = 1, Padding Padding = Padding.Valid) : LayerSpec
    {
        /// <inheritdoc />
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"conv{Filters}x{Kernel}{(Stride != 1 ? $"-s{Stride}" : "")}{(Padding == Padding.Same ? "-same" : "")}");
    }

    /// <summary>A MaxPool2D layer of <paramref name="Size"/>×<paramref name="Size"/> windows, <paramref name="Stride"/> apart.</summary>
    public sealed record MaxPool(int Size, int Stride) : LayerSpec
    {
        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"maxpool{Size}{(Stride != Size ? $"-s{Stride}" : "")}");
    }

    /// <summary>A Dropout layer.</summary>
    public sealed record Dropout(double Rate) : LayerSpec
    {
        /// <inheritdoc />
        public override string ToString() => "dropout" + Rate.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A Flatten layer (the recipe adds one where images meet the first Dense layer anyway).</summary>
    public sealed record Flatten : LayerSpec
    {
        /// <inheritdoc />
        public override string ToString() => "flatten";
    }

    /// <summary>A number alone is a Dense layer of that many units.</summary>
    public static implicit operator LayerSpec(int units) => new Dense(units);

    /// <summary>Whether the layer works on images (convolution, pooling) and so needs the input's shape.</summary>
    public bool NeedsImages => this is Convolution or MaxPool;

    /// <summary>What a list of no layers is written as.</summary>
    public const string None = "none";

    /// <summary>The layers of a comma-separated list such as "conv32x3,maxpool2,128" ("none" or empty text: none).</summary>
    public static LayerSpec[] ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals(None, StringComparison.OrdinalIgnoreCase)) return [];
        return text.Split(',', StringSplitOptions.TrimEntries).Select(Parse).ToArray();
    }

    /// <summary>A list as <see cref="ParseList"/> reads it: "conv32x3,maxpool2,128", or "none".</summary>
    public static string FormatList(IEnumerable<LayerSpec> layers)
    {
        string text = string.Join(",", layers);
        return text.Length == 0 ? None : text;
    }

    /// <summary>One layer, such as "128", "conv32x3-same", "maxpool2" or "dropout0.5"; a bad one is an error showing the forms.</summary>
    public static LayerSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int units))
            return units > 0 ? new Dense(units) : throw Bad(text, "a layer size must be at least 1");
        if (t == "flatten") return new Flatten();
        if (t.StartsWith("dropout", StringComparison.Ordinal))
        {
            if (!double.TryParse(t.AsSpan("dropout".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate >= 0 && rate < 1))
                throw Bad(text, "a dropout rate is at least 0 and below 1, as in dropout0.25");
            return new Dropout(rate);
        }
        if (ConvolutionPattern().Match(t) is { Success: true } conv)
        {
            int filters = Number(text, conv.Groups["filters"].Value), kernel = Number(text, conv.Groups["kernel"].Value);
            int stride = conv.Groups["stride"].Success ? Number(text, conv.Groups["stride"].Value) : 1;
            return new Convolution(filters, kernel, stride, conv.Groups["same"].Success ? Padding.Same : Padding.Valid);
        }
        if (PoolPattern().Match(t) is { Success: true } pool)
        {
            int size = Number(text, pool.Groups["size"].Value);
            return new MaxPool(size, pool.Groups["stride"].Success ? Number(text, pool.Groups["stride"].Value) : size);
        }
        throw Bad(text, "it is not a layer");
    }

    private static int Number(string text, string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n
        : throw Bad(text, "sizes, filters and strides are whole numbers of at least 1");

    private static BackpropException Bad(string text, string why) => new(
        $"--layers: '{text}': {why}. Write layers such as 128 (dense), conv32x3 (32 filters of 3×3; conv32x3-same, conv32x3-s2), " +
        "maxpool2 (2×2 pooling; maxpool3-s2), dropout0.25 or flatten, separated by commas.");

    [GeneratedRegex(@"^conv(?<filters>\d+)x(?<kernel>\d+)(?:-s(?<stride>\d+)|-(?<same>same)|-valid)*$")]
    private static partial Regex ConvolutionPattern();

    [GeneratedRegex(@"^maxpool(?<size>\d+)(?:-s(?<stride>\d+))?$")]
    private static partial Regex PoolPattern();
}
