namespace Backprop.Data;

/// <summary>Whether a CSV file's first row names the columns.</summary>
public enum CsvHeader
{
    /// <summary>
    /// Decide from the file: the first row is data when it has a number in every column whose other rows hold
    /// numbers (and there is such a column); otherwise it is the header.
    /// </summary>
    Auto,

    /// <summary>The first row is the header.</summary>
    Yes,

    /// <summary>There is no header: every row is data, and the columns are called x0, x1, …</summary>
    No,
}
