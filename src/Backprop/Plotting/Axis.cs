using System.Globalization;

namespace Backprop.Plotting;

/// <summary>
/// One axis: maps data values to pixels on a linear or base-10 logarithmic scale, and picks "nice"
/// tick values (steps of 1, 2 or 5 times a power of ten) with labels that show just enough digits.
/// </summary>
internal sealed class Axis
{
    /// <summary>An axis from <paramref name="min"/> (drawn at <paramref name="pixelAtMin"/>) to <paramref name="max"/>.</summary>
    public Axis(double min, double max, double pixelAtMin, double pixelAtMax, bool log = false)
    {
        if (!(min < max) || (log && min <= 0))
            throw new ArgumentException($"Invalid axis range {min}..{max}{(log ? " on a log scale" : "")}.");
        (Min, Max, PixelAtMin, PixelAtMax, IsLog) = (min, max, pixelAtMin, pixelAtMax, log);
    }

    public double Min { get; }
    public double Max { get; }
    public double PixelAtMin { get; }
    public double PixelAtMax { get; }
    public bool IsLog { get; }

    /// <summary>The pixel coordinate of a data value (values outside the range map outside the axis).</summary>
    public double ToPixel(double value)
    {
        double t = IsLog
            ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
            : (value - Min) / (Max - Min);
        return PixelAtMin + t * (PixelAtMax - PixelAtMin);
    }

    /// <summary>Whether a value can be drawn on this axis at all (finite, and positive on a log scale).</summary>
    public bool CanShow(double value) => double.IsFinite(value) && (!IsLog || value > 0);

    /// <summary>About <paramref name="target"/> tick values inside the range, with their labels.</summary>
    public IReadOnlyList<(double Value, string Label)> Ticks(int target)
    {
        if (IsLog)
        {
            double[] log = LogTicks(Min, Max, target);
            if (log.Length >= 2)
                return log.Select(v => (v, FormatGeneral(v))).ToArray();
        }
        double step = NiceStep(Max - Min, target);
        return NiceTicks(Min, Max, target).Select(v => (v, FormatTick(v, step))).ToArray();
    }

    /// <summary>
    /// The step nearest to range / target among 1, 2 and 5 times a power of ten: those are the steps a
    /// reader can count along without arithmetic.
    /// </summary>
    public static double NiceStep(double range, int target)
    {
        double raw = range / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double residual = raw / magnitude;
        double nice = residual < 1.5 ? 1 : residual < 3.5 ? 2 : residual < 7.5 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>The multiples of <see cref="NiceStep"/> that lie in [min, max].</summary>
    public static double[] NiceTicks(double min, double max, int target)
    {
        double step = NiceStep(max - min, target);
        // The small tolerance keeps a tick that equals an end of the range despite rounding.
        long first = (long)Math.Ceiling(min / step - 1e-9), last = (long)Math.Floor(max / step + 1e-9);
        var ticks = new double[Math.Max(0, last - first + 1)];
        for (long i = first; i <= last; i++)
            ticks[i - first] = i * step;
        return ticks;
    }

    /// <summary>
    /// Powers of ten in [min, max], thinned to about <paramref name="target"/>; over at most two decades,
    /// 2× and 5× are added so a short log axis still has several labels.
    /// </summary>
    public static double[] LogTicks(double min, double max, int target)
    {
        int low = (int)Math.Floor(Math.Log10(min)), high = (int)Math.Ceiling(Math.Log10(max));
        int decades = high - low;
        double[] multiples = decades <= 2 ? [1, 2, 5] : [1];
        int every = Math.Max(1, (int)Math.Ceiling(decades / (double)Math.Max(1, target)));
        var ticks = new List<double>();
        for (int e = low; e <= high; e += every)
            foreach (double m in multiples)
            {
                double v = m * Math.Pow(10, e);
                if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9))
                    ticks.Add(v);
            }
        return ticks.ToArray();
    }

    /// <summary>A tick label with as many decimals as the step needs: step 0.5 gives "2.5", step 2 gives "4".</summary>
    public static string FormatTick(double value, double step)
    {
        if (Math.Abs(value) < step * 1e-6) value = 0; // i × step can land a hair off zero, which would print as "-0.0"
        if (step < 1e-4 || Math.Max(Math.Abs(value), step) >= 1e7)
            return value == 0 ? "0" : value.ToString("0.###E+0", CultureInfo.InvariantCulture);
        int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        return Math.Round(value, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>A label for a value with no step to go by (log ticks): plain digits unless very large or small.</summary>
    public static string FormatGeneral(double value)
    {
        double magnitude = Math.Abs(value);
        return magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e6)
            ? value.ToString("0.##########", CultureInfo.InvariantCulture)
            : value.ToString("0.###E+0", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A data range widened by <paramref name="margin"/> of its span on each side (multiplicatively on a
    /// log scale), and opened up when all values are equal, so points never sit on the frame.
    /// </summary>
    public static (double Min, double Max) Pad(double min, double max, double margin, bool log)
    {
        if (log)
        {
            var (lo, hi) = Pad(Math.Log10(min), Math.Log10(max), margin, log: false);
            return (Math.Pow(10, lo), Math.Pow(10, hi));
        }
        if (max - min <= Math.Abs(max) * 1e-12)
        {
            double half = min == 0 ? 0.5 : Math.Abs(min) * 0.1;
            return (min - half, max + half);
        }
        double pad = (max - min) * margin;
        return (min - pad, max + pad);
    }
}
