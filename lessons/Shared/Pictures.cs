using Backprop.Plotting;

namespace Backprop.Lessons;

/// <summary>Saves a lesson's charts into the plots folder as NAME.svg and collects their paths.</summary>
public sealed class Pictures(string folder)
{
    private readonly List<string> _paths = [];

    /// <summary>The files written so far.</summary>
    public IReadOnlyList<string> Paths => _paths;

    /// <summary>Writes <paramref name="chart"/> as <paramref name="name"/>.svg and remembers its path.</summary>
    public void Save(Chart chart, string name)
    {
        string path = Path.Combine(folder, name + ".svg");
        chart.Save(path);
        _paths.Add(path);
    }

    /// <summary>The x coordinates 0, step, 2·step, … for <paramref name="count"/> values recorded every <paramref name="step"/> iterations.</summary>
    public static double[] EveryStep(int count, int step) => Enumerable.Range(0, count).Select(i => (double)i * step).ToArray();
}
