using System.Globalization;

namespace Backprop.Plotting;

/// <summary>
/// The fixed colours of every chart: the Okabe–Ito palette, chosen because its colours stay
/// distinguishable for the common kinds of colour blindness. Series and classes take colours in order.
/// </summary>
public static class Palette
{
    /// <summary>The colours as "#RRGGBB", in the order series and classes use them. Yellow is last because it is faint on white.</summary>
    public static IReadOnlyList<string> Colours { get; } =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>The colour of series or class <paramref name="index"/>; the palette repeats after its last colour.</summary>
    public static string Colour(int index) => Colours[((index % Colours.Count) + Colours.Count) % Colours.Count];

    /// <summary>A pale version of a colour for shaded areas: <paramref name="whiteness"/> 0 keeps it, 1 gives white.</summary>
    public static string Lighten(string colour, double whiteness) => Mix(colour, "#FFFFFF", whiteness);

    /// <summary>Linear blend in RGB: t = 0 gives <paramref name="from"/>, t = 1 gives <paramref name="to"/>.</summary>
    public static string Mix(string from, string to, double t)
    {
        t = Math.Clamp(t, 0, 1);
        var (r0, g0, b0) = Parse(from);
        var (r1, g1, b1) = Parse(to);
        return Format(r0 + (r1 - r0) * t, g0 + (g1 - g0) * t, b0 + (b1 - b0) * t);
    }

    /// <summary>Relative brightness in [0, 1] (Rec. 709 weights), used to pick black or white text on a fill.</summary>
    internal static double Brightness(string colour)
    {
        var (r, g, b) = Parse(colour);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    }

    private static (double R, double G, double B) Parse(string colour)
    {
        if (colour.Length != 7 || colour[0] != '#')
            throw new ArgumentException($"Expected a colour as #RRGGBB, got '{colour}'.", nameof(colour));
        int rgb = int.Parse(colour.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    }

    private static string Format(double r, double g, double b) =>
        string.Create(CultureInfo.InvariantCulture, $"#{(int)Math.Round(r):X2}{(int)Math.Round(g):X2}{(int)Math.Round(b):X2}");
}
