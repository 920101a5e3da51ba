using System.Globalization;

namespace Backprop.Lessons;

/// <summary>
/// Formats numbers the way NumPy printed the sigmoid-neuron tutorials' arrays: 8 digits after the point
/// with trailing zeros dropped, and a column kept for the sign (older NumPy always kept it, which is why
/// the documents show "[ 0.45860596]").
/// </summary>
public static class NumPyFormat
{
    /// <summary>NumPy's default print precision: digits after the decimal point.</summary>
    public const int Precision = 8;

    /// <summary>One value, rounded to 8 decimals with trailing zeros removed: 9.67299303, -0.2078435, 1.0 → "1.".</summary>
    public static string Value(double x)
    {
        string s = x.ToString("F" + Precision, CultureInfo.InvariantCulture).TrimEnd('0');
        return s == "-0." ? "0." : s;
    }

    /// <summary>A 1-D array as the documents print it: "[ 0.45860596]".</summary>
    public static string Row(IReadOnlyList<double> values)
    {
        var cells = Aligned(values);
        return "[" + string.Join(" ", cells) + "]";
    }

    /// <summary>A column vector (n × 1) as the documents print it, one row per line: "[[ 9.67299303]\n [-0.2078435 ]…]".</summary>
    public static string Column(IReadOnlyList<double> values)
    {
        var cells = Aligned(values);
        return "[" + string.Join("\n ", cells.Select(c => "[" + c + "]")) + "]";
    }

    /// <summary>Pads every value to a common width: the integer part on the left (with a sign column), the fraction on the right.</summary>
    private static string[] Aligned(IReadOnlyList<double> values)
    {
        var texts = values.Select(Value).ToArray();
        var parts = texts.Select(t => (Int: t[..t.IndexOf('.')], Frac: t[(t.IndexOf('.') + 1)..])).ToArray();
        int intWidth = Math.Max(2, parts.Max(p => p.Int.Length));
        int fracWidth = parts.Max(p => p.Frac.Length);
        return parts.Select(p => p.Int.PadLeft(intWidth) + "." + p.Frac.PadRight(fracWidth)).ToArray();
    }
}
