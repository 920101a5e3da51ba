using System.Globalization;
using System.Text;

namespace Backprop.Data;

/// <summary>
/// Works out how a CSV file is laid out before it is read: which separator it uses (',', ';' or a tab) and whether its
/// first row is a header. Both are guesses from the text, so each guess that is not the plain default becomes a note
/// naming the option that overrides it.
/// </summary>
internal static class CsvLayout
{
    public static readonly char[] Separators = [',', ';', '\t'];

    /// <summary>Lines looked at to choose the separator.</summary>
    private const int SampleLines = 20;

    /// <summary>
    /// The separator of <paramref name="path"/>: among ',', ';' and tab, those that split every one of the first lines
    /// into the same number (above one) of cells; of these, the one that gives the most numbers, then the most cells,
    /// then ','. A file where none does is read with ','.
    /// </summary>
    public static char DetectSeparator(string path)
    {
        var lines = new List<string>();
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            while (lines.Count < SampleLines && reader.ReadLine() is { } line)
                if (line.Trim().Length > 0) lines.Add(line);
        }
        char best = ',';
        (int Numbers, int Cells) bestScore = (-1, -1);
        foreach (char separator in Separators)
        {
            var cells = lines.Select(l => SplitOutsideQuotes(l, separator)).ToList();
            if (cells.Count == 0 || cells[0].Count < 2 || cells.Any(c => c.Count != cells[0].Count)) continue;
            var score = (cells.Sum(c => c.Count(IsNumber)), cells[0].Count);
            if (score.CompareTo(bestScore) > 0) (best, bestScore) = (separator, score);
        }
        return best;
    }

    private static List<string> SplitOutsideQuotes(string line, char separator)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else cell.Append(c);
        }
        cells.Add(cell.ToString().Trim());
        return cells;
    }

    /// <summary>Whether <paramref name="cell"/> is a finite number written the invariant way (a '.' decimal point).</summary>
    public static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v);

    /// <summary>Rows looked at to learn which columns hold numbers.</summary>
    private const int SampleRows = 200;

    /// <summary>
    /// Whether the first of <paramref name="rows"/> is data rather than a header: some column holds numbers in the rows
    /// below it, and every such column has a number in the first row too. A single row is data when it is all numbers.
    /// </summary>
    public static bool FirstRowIsData(IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) return false;
        string[] first = rows[0];
        if (rows.Count == 1) return first.Length > 0 && first.All(IsNumber);
        bool anyNumeric = false;
        for (int c = 0; c < first.Length; c++)
        {
            bool numericBelow = true;
            for (int r = 1; r < rows.Count && r <= SampleRows && numericBelow; r++)
                numericBelow = c < rows[r].Length && IsNumber(rows[r][c]);
            if (!numericBelow) continue;
            anyNumeric = true;
            if (!IsNumber(first[c])) return false;
        }
        return anyNumeric;
    }

    /// <summary>The names of a headerless file's <paramref name="count"/> columns: x0, x1, …</summary>
    public static string[] DefaultNames(int count) => [.. Enumerable.Range(0, count).Select(i => $"x{i}")];

    /// <summary>How a separator is written in messages.</summary>
    public static string Describe(char separator) => separator == '\t' ? "tab" : $"'{separator}'";
}
