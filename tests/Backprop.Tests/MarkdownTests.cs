using System.Text.RegularExpressions;

namespace Backprop.Tests;

/// <summary>
/// Every Markdown file of the repository renders as written: its code fences close (an unclosed one turns the rest
/// of the page into code, and the code after it into prose), and its tables parse (each row has the header's number of
/// cells; a blank line ends a table, so a row after one is not a table row but a line of stray pipes).
/// </summary>
public partial class MarkdownTests
{
    /// <summary>The problems of one document, each "line N: what".</summary>
    public static List<string> Problems(string text)
    {
        var problems = new List<string>();
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        (char Char, int Length, int Line)? fence = null;
        int? tableCells = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            var f = Fence().Match(line);
            if (fence is { } open)
            {
                // A fence closes with the same character, at least as many of them, and nothing after.
                if (f.Success && f.Groups[1].Value[0] == open.Char && f.Groups[1].Length >= open.Length && f.Groups[2].Value.Trim() == "")
                    fence = null;
                continue;
            }
            if (f.Success && !(f.Groups[1].Value[0] == '`' && f.Groups[2].Value.Contains('`')))
            {
                fence = (f.Groups[1].Value[0], f.Groups[1].Length, i + 1);
                tableCells = null;
                continue;
            }
            if (tableCells is int cells)
            {
                if (line.Trim() == "") { tableCells = null; continue; }
                int n = Cells(line);
                if (n != cells) problems.Add($"line {i + 1}: a table row of {n} cells under a header of {cells}");
                continue;
            }
            if (i + 1 < lines.Length && line.Contains('|') && Delimiter().IsMatch(lines[i + 1]))
            {
                int header = Cells(line), delimiter = Cells(lines[i + 1]);
                if (header != delimiter) problems.Add($"line {i + 2}: a table's delimiter row has {delimiter} cells under a header of {header}");
                tableCells = header;
                i++;
                continue;
            }
            if (line.TrimStart().StartsWith('|'))
                problems.Add($"line {i + 1}: a table row outside any table (a blank line above it ends the table, or it has no header and delimiter row)");
        }
        if (fence is { } unclosed) problems.Add($"line {unclosed.Line}: a code fence ({new string(unclosed.Char, unclosed.Length)}) that never closes");
        return problems;
    }

    /// <summary>The cells of a table row: split on pipes not escaped by a backslash, less one leading and one trailing pipe.</summary>
    public static int Cells(string row)
    {
        string s = row.Trim();
        if (s.StartsWith('|')) s = s[1..];
        if (s.EndsWith('|') && !s.EndsWith("\\|")) s = s[..^1];
        return UnescapedPipe().Matches(s).Count + 1;
    }

    [GeneratedRegex(@"^ *(`{3,}|~{3,})(.*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$")]
    private static partial Regex Delimiter();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();

    /// <summary>Every Markdown file of the repository, relative to its root, outside build output.</summary>
    public static IEnumerable<string> Documents()
    {
        string root = Python.RepositoryRoot();
        return Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj" or "node_modules" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal);
    }

    [Fact]
    public void EveryMarkdownFile_ClosesItsCodeFences_AndItsTablesParse()
    {
        var documents = Documents().ToList();
        Assert.Contains("README.md", documents);
        Assert.Contains("docs/cli.md", documents);
        Assert.Contains("docs/lessons/xor.md", documents);
        Assert.Contains("src/Backprop/PACKAGE.md", documents);
        var problems = documents.SelectMany(d => Problems(File.ReadAllText(Path.Combine(Python.RepositoryRoot(), d))).Select(p => $"{d} {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheCheck_FindsAnUnclosedFence_ABrokenTable_AndARowOfTheWrongWidth()
    {
        Assert.Empty(Problems("# t\n\n| a | b |\n|---|:-:|\n| 1 | `x \\| y` |\n\n```bash\n| not a table\n```\n\n````\n```\n````\n"));
        Assert.Equal(["line 3: a code fence (```) that never closes"], Problems("text\n\n```csharp\nvar x = 1;\n~~~\n``` more\n"));
        Assert.Equal(["line 5: a table row outside any table (a blank line above it ends the table, or it has no header and delimiter row)"],
            Problems("| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n"));
        Assert.Equal(["line 4: a table row of 3 cells under a header of 2"], Problems("| a | b |\n| --- | --- |\n| 1 | 2 |\n| 1 | 2 | 3 |\n"));
        Assert.Equal(["line 2: a table's delimiter row has 3 cells under a header of 2"], Problems("a | b\n---|---|---\n"));
        Assert.Equal(3, Cells("| `a` | b \\| c | d |"));
    }
}
