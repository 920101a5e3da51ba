using System.Text;

namespace Backprop.Plotting;

/// <summary>
/// What every chart shares: a size, a title and axis labels, rendering to SVG text, and saving to a file.
/// </summary>
public abstract class Chart
{
    /// <summary>The title above the chart; empty for none.</summary>
    public string Title { get; set; } = "";

    /// <summary>The label under the horizontal axis; empty for none.</summary>
    public string XLabel { get; set; } = "";

    /// <summary>Whether the horizontal axis counts things (epochs, layers): then its ticks fall on whole numbers only.</summary>
    public bool WholeNumbersX { get; set; }

    /// <summary>The label beside the vertical axis; empty for none.</summary>
    public string YLabel { get; set; } = "";

    /// <summary>Canvas width in pixels.</summary>
    public int Width { get; set; } = 800;

    /// <summary>Canvas height in pixels.</summary>
    public int Height { get; set; } = 500;

    /// <summary>Renders the chart as a standalone SVG document.</summary>
    public abstract string ToSvg();

    /// <summary>
    /// Writes the SVG to <paramref name="path"/>, creating its folder if needed. The file is written
    /// atomically: a temporary file in the same folder is flushed to disk and then renamed over the
    /// target, so a reader never sees half a chart even if the process dies midway.
    /// </summary>
    public void Save(string path)
    {
        string folder = Path.GetDirectoryName(path) is { Length: > 0 } f ? f : ".";
        Serialization.AtomicFile.PrepareFolder(folder, probe: false);
        Serialization.AtomicFile.WriteOrExplain(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ToSvg())));
    }
}
