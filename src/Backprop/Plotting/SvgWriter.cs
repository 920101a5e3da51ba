using System.Globalization;
using System.Text;

namespace Backprop.Plotting;

/// <summary>
/// Writes the SVG elements the charts need into a string: the canvas, shapes and text, with XML
/// escaping and invariant-culture numbers, so a chart never has to think about either.
/// </summary>
internal sealed class SvgWriter
{
    /// <summary>The SVG namespace every chart's root element declares.</summary>
    public const string Namespace = "http://www.w3.org/2000/svg";

    private readonly StringBuilder _svg = new();

    /// <summary>Starts a canvas of the given size in pixels with a white background.</summary>
    public SvgWriter(double width, double height)
    {
        _svg.Append($"<svg xmlns=\"{Namespace}\" width=\"{Num(width)}\" height=\"{Num(height)}\" ")
            .Append($"viewBox=\"0 0 {Num(width)} {Num(height)}\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        Rect(0, 0, width, height, "#FFFFFF");
    }

    /// <summary>A coordinate or size as SVG wants it: invariant culture, at most two decimals (a hundredth of a pixel is plenty).</summary>
    public static string Num(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException("Non-finite numbers must be filtered out before they reach the SVG.", nameof(value));
        string text = Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    /// <summary>Escapes text for element content and attribute values, and drops control characters XML cannot hold.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&apos;"); break;
                case < ' ' and not ('\t' or '\n' or '\r'): break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }

    /// <summary>
    /// A rough width of text in pixels. Without a font engine we estimate an average glyph at 0.6 em,
    /// a little wide for most sans-serif text, so layouts err towards room to spare.
    /// </summary>
    public static double TextWidth(string text, double fontSize) => text.Length * fontSize * 0.6;

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? cssClass = null, string? dash = null) =>
        _svg.Append($"<line{Class(cssClass)} x1=\"{Num(x1)}\" y1=\"{Num(y1)}\" x2=\"{Num(x2)}\" y2=\"{Num(y2)}\" ")
            .Append($"stroke=\"{stroke}\" stroke-width=\"{Num(width)}\"{Dash(dash)}/>\n");

    public void Rect(double x, double y, double width, double height, string fill, string? stroke = null, string? cssClass = null) =>
        _svg.Append($"<rect{Class(cssClass)} x=\"{Num(x)}\" y=\"{Num(y)}\" width=\"{Num(width)}\" height=\"{Num(height)}\" fill=\"{fill}\"")
            .Append(stroke is null ? "/>\n" : $" stroke=\"{stroke}\"/>\n");

    public void Circle(double cx, double cy, double radius, string fill, string? stroke = null, string? cssClass = null) =>
        _svg.Append($"<circle{Class(cssClass)} cx=\"{Num(cx)}\" cy=\"{Num(cy)}\" r=\"{Num(radius)}\" fill=\"{fill}\"")
            .Append(stroke is null ? "/>\n" : $" stroke=\"{stroke}\" stroke-width=\"1\"/>\n");

    /// <summary>A path from SVG path data (build it with <see cref="Num"/>), stroked and not filled; <paramref name="dash"/> is an SVG stroke-dasharray.</summary>
    public void Path(string data, string stroke, double width, string? cssClass = null, string? dash = null) =>
        _svg.Append($"<path{Class(cssClass)} d=\"{data}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{Num(width)}\"{Dash(dash)} ")
            .Append("stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n");

    private static string Dash(string? dash) => dash is null ? "" : $" stroke-dasharray=\"{dash}\"";

    /// <summary>A filled path without outline, from SVG path data.</summary>
    public void Fill(string data, string fill) => _svg.Append($"<path d=\"{data}\" fill=\"{fill}\"/>\n");

    public void Polygon(IEnumerable<(double X, double Y)> points, string fill) =>
        _svg.Append($"<polygon points=\"{string.Join(" ", points.Select(p => $"{Num(p.X)},{Num(p.Y)}"))}\" fill=\"{fill}\"/>\n");

    /// <summary>
    /// Text anchored at (x, y). <paramref name="anchor"/> is start, middle or end; vertically the text is
    /// centred on y (dy = 0.35 em works in every viewer, unlike dominant-baseline). A rotation turns it about (x, y).
    /// </summary>
    public void Text(double x, double y, string text, double size, string anchor = "start", string fill = "#222222",
        bool bold = false, double rotate = 0, string? cssClass = null)
    {
        _svg.Append($"<text{Class(cssClass)} x=\"{Num(x)}\" y=\"{Num(y)}\" dy=\"0.35em\" font-size=\"{Num(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\"");
        if (bold) _svg.Append(" font-weight=\"bold\"");
        if (rotate != 0) _svg.Append($" transform=\"rotate({Num(rotate)} {Num(x)} {Num(y)})\"");
        _svg.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    /// <summary>Defines a rectangular clip region that later groups refer to by <paramref name="id"/>.</summary>
    public void ClipRect(string id, double x, double y, double width, double height) =>
        _svg.Append($"<defs><clipPath id=\"{id}\"><rect x=\"{Num(x)}\" y=\"{Num(y)}\" width=\"{Num(width)}\" height=\"{Num(height)}\"/></clipPath></defs>\n");

    /// <summary>Defines a vertical gradient, bottom to top through the given colours at even spacing.</summary>
    public void VerticalGradient(string id, IReadOnlyList<string> bottomToTop)
    {
        _svg.Append($"<defs><linearGradient id=\"{id}\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (int i = 0; i < bottomToTop.Count; i++)
            _svg.Append($"<stop offset=\"{Num((double)i / (bottomToTop.Count - 1))}\" stop-color=\"{bottomToTop[i]}\"/>");
        _svg.Append("</linearGradient></defs>\n");
    }

    /// <summary>Opens a group; <paramref name="clipId"/> clips it, <paramref name="crispEdges"/> stops seams between adjacent cells.</summary>
    public void BeginGroup(string? cssClass = null, string? clipId = null, bool crispEdges = false)
    {
        _svg.Append($"<g{Class(cssClass)}");
        if (clipId is not null) _svg.Append($" clip-path=\"url(#{clipId})\"");
        if (crispEdges) _svg.Append(" shape-rendering=\"crispEdges\"");
        _svg.Append(">\n");
    }

    public void EndGroup() => _svg.Append("</g>\n");

    /// <summary>A tooltip for the element just opened (a group): a viewer shows it on hover. Must come first inside it.</summary>
    public void Hover(string text) => _svg.Append("<title>").Append(Escape(text)).Append("</title>\n");

    /// <summary>The finished document.</summary>
    public override string ToString() => _svg + "</svg>\n";

    private static string Class(string? cssClass) => cssClass is null ? "" : $" class=\"{cssClass}\"";
}
