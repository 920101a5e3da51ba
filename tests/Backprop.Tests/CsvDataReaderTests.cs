using Backprop.Data;

namespace Backprop.Tests;

public sealed class CsvDataReaderTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static DataFormatException Fails(string path, CsvOptions? options = null) =>
        Assert.Throws<DataFormatException>(() => CsvDataReader.Read<double>(path, options));

    [Fact]
    public void Csv_ReadsFeaturesAndOneHotLabelsInOrderOfFirstAppearance()
    {
        string path = _folder.Write("iris.csv", "length,width,species\n1.5,2,setosa\n-3e-1,4,virginica\n5,6.25,setosa\n7,8,versicolor\n");
        var data = CsvDataReader.Read<double>(path);

        Assert.Equal(new[] { "setosa", "virginica", "versicolor" }, data.LabelNames);
        Assert.Equal(new[] { 1.5, 2, -0.3, 4, 5, 6.25, 7, 8 }, data.Inputs.ToArray());
        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1 }, data.Targets.ToArray());
    }

    [Fact]
    public void Csv_IntegerLabels_AreSortedNumerically()
    {
        string path = _folder.Write("digits.csv", "x,digit\n0,10\n1,2\n2,-1\n3,2\n");
        var data = CsvDataReader.Read<float>(path);

        Assert.Equal(new[] { "-1", "2", "10" }, data.LabelNames);
        Assert.Equal(new float[] { 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0 }, data.Targets.ToArray());
    }

    [Fact]
    public void Csv_TargetChosenByNameOrIndex_LeavesTheOtherColumnsAsFeatures()
    {
        string path = _folder.Write("t.csv", "label,a,b\nyes,1,2\nno,3,4\n");
        var byName = CsvDataReader.Read<double>(path, new CsvOptions { TargetColumn = "label" });
        var byIndex = CsvDataReader.Read<double>(path, new CsvOptions { TargetIndex = 0 });

        Assert.Equal(new double[] { 1, 2, 3, 4 }, byName.Inputs.ToArray());
        Assert.Equal(byName.Targets.ToArray(), byIndex.Targets.ToArray());
        Assert.Equal(new[] { "yes", "no" }, byIndex.LabelNames);
    }

    [Fact]
    public void Csv_Regression_ReadsTheTargetAsOneNumberColumn()
    {
        string path = _folder.Write("r.csv", "x,y\n1,0.5\n2,-7.25\n");
        var data = CsvDataReader.Read<double>(path, new CsvOptions { Task = LearningTask.Regression });

        Assert.Null(data.LabelNames);
        Assert.Equal(new[] { 0.5, -7.25 }, data.Targets.ToArray());
    }

    [Fact]
    public void Csv_GivenLabelNames_FixTheColumnOrder()
    {
        string path = _folder.Write("eval.csv", "x,y\n1,cat\n2,dog\n");
        var data = CsvDataReader.Read<double>(path, new CsvOptions { LabelNames = ["dog", "bird", "cat"] });

        Assert.Equal(new[] { "dog", "bird", "cat" }, data.LabelNames);
        Assert.Equal(new double[] { 0, 0, 1, 1, 0, 0 }, data.Targets.ToArray());
    }

    [Fact]
    public void Csv_UnknownLabel_WhenLabelNamesAreGiven_NamesTheLineAndColumn()
    {
        string path = _folder.Write("eval.csv", "x,y\n1,cat\n2,fish\n");
        var e = Fails(path, new CsvOptions { LabelNames = ["cat", "dog"] });

        Assert.Contains($"{path}:3:2:", e.Message);
        Assert.Contains("'fish'", e.Message);
        Assert.Contains("cat, dog", e.Message);
    }

    [Fact]
    public void Csv_EmptyFile_SaysItIsEmpty()
    {
        string path = _folder.Write("empty.csv", "");
        var e = Fails(path);

        Assert.Contains($"{path}:1:", e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Csv_HeaderOnly_SaysThereAreNoDataRows()
    {
        string path = _folder.Write("header.csv", "a,b,label\n");
        var e = Fails(path);

        Assert.Contains($"{path}:2:", e.Message);
        Assert.Contains("no data rows", e.Message);
    }

    [Fact]
    public void Csv_RaggedRow_NamesTheLineAndColumn()
    {
        string path = _folder.Write("ragged.csv", "a,b,label\n1,2,x\n3,4\n");
        var e = Fails(path);

        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Contains($"{path}:3:3:", e.Message);
        Assert.Contains("2 cells but the header has 3 columns", e.Message);
    }

    [Fact]
    public void Csv_RowWithAnExtraCell_NamesTheFirstExtraColumn()
    {
        string path = _folder.Write("ragged.csv", "a,b,label\n1,2,x,9\n");
        Assert.Contains($"{path}:2:4:", Fails(path).Message);
    }

    [Fact]
    public void Csv_NonNumericFeature_NamesTheColumnLineAndCell()
    {
        string path = _folder.Write("text.csv", "height,weight,label\n1,2,a\n3,heavy,b\n");
        var e = Fails(path);

        Assert.Contains($"{path}:3:2:", e.Message);
        Assert.Contains("'weight'", e.Message);
        Assert.Contains("'heavy' is not a number", e.Message);
    }

    [Fact]
    public void Csv_DecimalComma_IsNotANumber()
    {
        // Features are read in the invariant culture, whatever the machine's language.
        string path = _folder.Write("comma.csv", "a,label\n\"1,5\",x\n");
        Assert.Contains($"{path}:2:1: feature column 'a': '1,5' is not a number", Fails(path).Message);
    }

    [Fact]
    public void Csv_MissingTargetColumn_ListsTheColumnsPresent()
    {
        string path = _folder.Write("t.csv", "a,b,c\n1,2,3\n");
        var e = Fails(path, new CsvOptions { TargetColumn = "class" });

        Assert.Contains($"{path}:1:", e.Message);
        Assert.Contains("'class'", e.Message);
        Assert.Contains("'a', 'b', 'c'", e.Message);
    }

    [Fact]
    public void Csv_TargetIndexOutOfRange_ListsTheColumnsPresent()
    {
        string path = _folder.Write("t.csv", "a,b\n1,2\n");
        var e = Fails(path, new CsvOptions { TargetIndex = 5 });

        Assert.Contains($"{path}:1:", e.Message);
        Assert.Contains("'a', 'b'", e.Message);
    }

    [Fact]
    public void Csv_MissingFile_NamesTheFile()
    {
        string path = Path.Combine(_folder.Path, "nope.csv");
        var e = Fails(path);

        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains("no such file", e.Message);
    }

    [Fact]
    public void Csv_Directory_SaysItIsAFolder()
    {
        var e = Fails(_folder.Path);

        Assert.StartsWith($"{_folder.Path}: ", e.Message);
        Assert.Contains("folder", e.Message);
    }

    [Fact]
    public void Csv_QuotedCellOverTwoLines_DoesNotShiftLaterLineNumbers()
    {
        string path = _folder.Write("multi.csv", "a,label\n1,\"two\nlines\"\n\n2\n");
        var e = Fails(path);

        // Line 4 is blank and skipped; the short row is on line 5.
        Assert.Contains($"{path}:5:2:", e.Message);
    }

    [Fact]
    public void Csv_BrokenQuotes_AreADataFormatExceptionWithTheLine()
    {
        string path = _folder.Write("quotes.csv", "a,label\n1,x\n2,b\"ad\n");
        var e = Fails(path);

        Assert.Contains($"{path}:3:", e.Message);
        Assert.Contains("cannot be parsed", e.Message);
        Assert.NotNull(e.InnerException);
    }
}
