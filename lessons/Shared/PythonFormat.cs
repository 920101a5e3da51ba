using System.Globalization;

namespace Backprop.Lessons;

/// <summary>
/// Formats a double the way Python's <c>repr</c>/<c>str</c> does, so a lesson can print a Python
/// tutorial's numbers digit for digit: the shortest digits that read back to the same double,
/// "1369.0" for a whole number, and exponent form ("1e-05", "1.5e+16") outside 1e-4 ≤ |x| &lt; 1e16.
/// </summary>
public static class PythonFormat
{
    /// <summary>The text Python prints for <paramref name="x"/>.</summary>
    public static string Repr(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0.0" : "0.0";

        // The shortest round-trip digits and where the decimal point goes.
        string sign = x < 0 ? "-" : "";
        var (digits, exponent) = ShortestDigits(Math.Abs(x));

        // Python switches to exponent form when the decimal exponent is below −4 or at least 16.
        if (exponent < -4 || exponent >= 16)
        {
            string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            string exp = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{exp}";
        }
        if (exponent < 0) return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        if (digits.Length <= exponent + 1) return $"{sign}{digits}{new string('0', exponent + 1 - digits.Length)}.0";
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }

    /// <summary>
    /// <paramref name="x"/> rounded to <paramref name="digits"/> significant digits: for numbers two versions of a lesson
    /// compute in different (equally right) orders, which agree to about 15 digits but not always to the last bit.
    /// </summary>
    public static double Round(double x, int digits) =>
        double.IsFinite(x) ? double.Parse(x.ToString("E" + (digits - 1), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : x;

    /// <summary>Python's repr of <paramref name="x"/> rounded to <paramref name="digits"/> significant digits.</summary>
    public static string Significant(double x, int digits) => Repr(Round(x, digits));

    /// <summary>Python's list repr, such as "[0.5, 1.0]".</summary>
    public static string List(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Repr)) + "]";

    /// <summary>
    /// The shortest significant digits d₁d₂… (no leading or trailing zeros) and the exponent e such that
    /// x = d₁.d₂… × 10^e. .NET's "R" format already finds the shortest round-trip digits; only its layout differs.
    /// </summary>
    private static (string Digits, int Exponent) ShortestDigits(double positive)
    {
        string r = positive.ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        int point = r.IndexOf('.');
        string intPart = point >= 0 ? r[..point] : r, fracPart = point >= 0 ? r[(point + 1)..] : "";
        string all = intPart + fracPart;
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        // The first significant digit sits (intPart.Length − 1 − leadingZeros) places left of the units.
        exponent += intPart.Length - 1 - leadingZeros;
        return (all.Trim('0'), exponent);
    }
}
