using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Backprop.Data;

/// <summary>
/// A CSV file as rows of text cells, with its column names: the parsing, the layout (separator, header) and the
/// checks that do not depend on what the columns mean (a header and at least one data row, one cell per column in
/// every row, no two columns of the same name).
/// </summary>
internal sealed class CsvTable
{
    /// <summary>One parsed row and the 1-based line it starts on.</summary>
    public readonly record struct Record(string[] Cells, int Line);

    private readonly List<Record> _records;
    private readonly int _first;   // the index of the first data row in _records: 1 after a header, else 0

    private CsvTable(string path, List<Record> records, bool hasHeader, List<string> notes)
    {
        Path = path;
        _records = records;
        HasHeader = hasHeader;
        _first = hasHeader ? 1 : 0;
        Names = hasHeader ? records[0].Cells : CsvLayout.DefaultNames(records[0].Cells.Length);
        HeaderLine = records[0].Line;
        Notes = notes;
        Rows = new RowList(this);
    }

    public string Path { get; }

    /// <summary>Whether the first row named the columns.</summary>
    public bool HasHeader { get; }

    /// <summary>The column names: the header's, or x0, x1, … without one.</summary>
    public string[] Names { get; }

    /// <summary>The line of the header, or of the first row when there is none.</summary>
    public int HeaderLine { get; }

    /// <summary>What was decided about the layout, one line each.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The data rows (after the header, if any).</summary>
    public IReadOnlyList<Record> Rows { get; }

    /// <summary>Data row <paramref name="r"/> (0-based), checked to have one cell per column.</summary>
    public Record Row(int r)
    {
        Record record = _records[r + _first];
        if (record.Cells.Length != Names.Length)
            throw new DataFormatException(Path,
                $"this row has {record.Cells.Length} cells but the {(HasHeader ? "header has" : "first row has")} {Names.Length} columns; give every row one value per column (look for a missing or extra {Separator})",
                record.Line, Math.Min(record.Cells.Length, Names.Length) + 1);
        return record;
    }

    private string Separator { get; init; } = "comma";

    /// <summary>Reads and lays out <paramref name="path"/> as <paramref name="options"/> say (or as the file suggests).</summary>
    public static CsvTable Read(string path, CsvOptions options)
    {
        CheckReadable(path);
        var notes = new List<string>();
        char separator = options.Separator ?? CsvLayout.DetectSeparator(path);
        if (options.Separator is null && separator != ',')
            notes.Add($"{path}: the columns are separated by {CsvLayout.Describe(separator)} (--separator to choose another)");
        var records = ReadRecords(path, separator);
        if (records.Count == 0)
            throw new DataFormatException(path, "the file is empty; a CSV data file needs a header row and at least one data row", 1);

        bool hasHeader = options.Header switch
        {
            CsvHeader.Yes => true,
            CsvHeader.No => false,
            _ => !CsvLayout.FirstRowIsData([.. records.Take(202).Select(r => r.Cells)]),
        };
        if (options.Header == CsvHeader.Auto && !hasHeader)
            notes.Add($"{path}: the first row holds numbers where the rows below do, so it is data, not a header; the columns are called {DefaultNamesText(records[0].Cells.Length)} (--header yes if it is a header)");
        if (hasHeader && records.Count == 1)
            throw new DataFormatException(path, "the file has a header row but no data rows; add one row of values per sample", records[0].Line + 1);
        if (hasHeader) CheckNames(path, records[0]);
        return new CsvTable(path, records, hasHeader, notes) { Separator = separator == ',' ? "comma" : CsvLayout.Describe(separator) };
    }

    private static string DefaultNamesText(int count) => count <= 3 ? string.Join(", ", CsvLayout.DefaultNames(count)) : $"x0 … x{count - 1}";

    private static void CheckNames(string path, Record header)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Cells.Length; c++)
        {
            if (seen.TryGetValue(header.Cells[c], out int earlier))
                throw new DataFormatException(path,
                    $"columns {earlier + 1} and {c + 1} are both called '{header.Cells[c]}'; give each column its own name", header.Line, c + 1);
            seen[header.Cells[c]] = c;
        }
    }

    private static void CheckReadable(string path)
    {
        if (Directory.Exists(path))
            throw new DataFormatException(path, "this is a folder, not a file; give the path of the .csv file inside it");
        if (!File.Exists(path))
            throw new DataFormatException(path, $"no such file; check the path (relative paths start at {Environment.CurrentDirectory})");
        try
        {
            // A text file has no NUL bytes in its first few kilobytes; images, archives and model files do.
            using var stream = File.OpenRead(path);
            var start = new byte[4096];
            int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            if (start.AsSpan(0, read).Contains((byte)0))
                throw new DataFormatException(path, "this is not a text file, so not a CSV; give a CSV file (one row of comma-separated values per sample), a folder of IDX files or a built-in data set");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"the file cannot be read: {e.Message}", null, null, e);
        }
    }

    private static List<Record> ReadRecords(string path, char separator)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = separator.ToString(),
            TrimOptions = TrimOptions.Trim,
            // Ragged rows are reported by us, with the line, the column and a fix.
            DetectColumnCountChanges = false,
        };
        var records = new List<Record>();
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            using var parser = new CsvParser(reader, config);
            try
            {
                while (parser.Read())
                {
                    // RawRow counts the lines read so far, the record's own line breaks included, so a quoted
                    // cell that spans lines still reports the line where its record begins.
                    records.Add(new Record(parser.Record ?? [], parser.RawRow - LineBreaksWithin(parser.RawRecord)));
                }
            }
            catch (CsvHelperException e)
            {
                throw new DataFormatException(path,
                    $"the CSV text cannot be parsed ({FirstLine(e.Message)}); check the quotes on this line", Math.Max(parser.RawRow, 1), null, e);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"the file cannot be read: {e.Message}", null, null, e);
        }
        return records;
    }

    private static int LineBreaksWithin(string rawRecord) =>
        rawRecord.AsSpan().TrimEnd("\r\n").Count('\n');

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].Trim();

    /// <summary>The data rows as a list, without copying.</summary>
    private sealed class RowList(CsvTable table) : IReadOnlyList<Record>
    {
        public Record this[int index] => table._records[index + table._first];
        public int Count => table._records.Count - table._first;
        public IEnumerator<Record> GetEnumerator() { for (int i = 0; i < Count; i++) yield return this[i]; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
