using Backprop.Data;

namespace Backprop.Tests;

/// <summary>What the CSV reader works out by itself (header, separator, task), each said in a note, and the tables it refuses.</summary>
public sealed class CsvLayoutTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Iris = "5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.4,3.2,4.5,1.5,versicolor\n";

    [Fact]
    public void AFirstRowOfNumbers_IsData_NotAHeader_AndTheNoteSaysSo()
    {
        string path = _folder.Write("noheader.csv", Iris);
        var csv = CsvDataReader.ReadWithNotes<double>(path);
        Assert.Equal(4, csv.Data.Count);                       // the first sample is not eaten as a header
        Assert.Equal(["x0", "x1", "x2", "x3", "x4"], csv.Columns);
        Assert.Equal(5.1, csv.Data.Inputs[0, 0]);
        Assert.Contains(csv.Notes, n => n.Contains("it is data, not a header") && n.Contains("--header yes"));
    }

    [Fact]
    public void AHeader_IsRead_WithoutANote_AndHeaderYesOrNoOverridesTheGuess()
    {
        string path = _folder.Write("h.csv", "a,b,label\n1,2,x\n3,4,y\n");
        var csv = CsvDataReader.ReadWithNotes<double>(path);
        Assert.Equal(["a", "b", "label"], csv.Columns);
        Assert.DoesNotContain(csv.Notes, n => n.Contains("header"));
        string numbers = _folder.Write("n.csv", "1,2,0\n3,4,1\n5,6,0\n");
        Assert.Equal(3, CsvDataReader.Read<double>(numbers).Count);
        Assert.Equal(2, CsvDataReader.Read<double>(numbers, new CsvOptions { Header = CsvHeader.Yes }).Count);
        var e = Assert.Throws<DataFormatException>(() => CsvDataReader.Read<double>(path, new CsvOptions { Header = CsvHeader.No }));
        Assert.Contains("feature column 'x0': 'a' is not a number", e.Message);   // told there is no header, the names are data
    }

    [Theory]
    [InlineData(';', "';'")]
    [InlineData('\t', "tab")]
    public void ASemicolonOrTabSeparator_IsDetected_AndNamedInANote(char separator, string named)
    {
        string path = _folder.Write("s.txt", ("sl,sw,pl,pw,species\n" + Iris).Replace(',', separator));
        var csv = CsvDataReader.ReadWithNotes<double>(path);
        Assert.Equal(["sl", "sw", "pl", "pw", "species"], csv.Columns);
        Assert.Equal(4, csv.Data.Count);
        Assert.Contains(csv.Notes, n => n.Contains($"separated by {named}") && n.Contains("--separator"));
    }

    [Fact]
    public void DecimalCommas_AreAnErrorThatShowsTheNumberWithAPoint()
    {
        string path = _folder.Write("euro.csv", "a;b;label\n5,1;3,5;x\n4,9;3,0;y\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDataReader.Read<double>(path));
        Assert.Equal((2, 1), (e.Line, e.Column));
        Assert.Contains("'5,1' is not a number; write decimals with a '.' point, not a comma (5.1)", e.Message);
    }

    [Theory]
    [InlineData("1.5,2.25,3.125,4,5.5", LearningTask.Regression, "not all whole")]
    [InlineData("0,1,1,0,1", LearningTask.Classification, "2 different whole numbers")]
    [InlineData("cat,dog,cat,dog,cat", LearningTask.Classification, "labels such as 'cat'")]
    public void TheTask_FollowsTheTarget_AndTheNoteGivesTheOverride(string targets, LearningTask task, string reason)
    {
        string path = _folder.Write("t.csv", "x,y\n" + string.Join("\n", targets.Split(',').Select((t, i) => $"{i},{t}")) + "\n");
        var csv = CsvDataReader.ReadWithNotes<double>(path);
        Assert.Equal(task, csv.Task);
        string other = task == LearningTask.Regression ? "classification" : "regression";
        Assert.Contains(csv.Notes, n => n.Contains(reason) && n.Contains($"--task {other}"));
    }

    [Fact]
    public void WholeNumbersWithMoreThanTwentyValues_AreARegression_AsDiabetesIs()
    {
        string path = _folder.Write("d.csv", "x,target\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{25 + 5 * i}")) + "\n");
        var csv = CsvDataReader.ReadWithNotes<float>(path);
        Assert.Equal(LearningTask.Regression, csv.Task);
        Assert.Equal(1, csv.Data.TargetSize);
        Assert.Contains(csv.Notes, n => n.Contains("60 different whole numbers (more than 20)"));
    }

    [Fact]
    public void OneClass_IsRefused()
    {
        string path = _folder.Write("one.csv", "a,label\n1,x\n2,x\n3,x\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDataReader.Read<double>(path));
        Assert.Contains("has only one class ('x'); a classifier needs at least two", e.Message);
    }

    [Fact]
    public void DuplicateColumnNames_AreRefused_NamingBothColumns()
    {
        string path = _folder.Write("dup.csv", "a,b,a,label\n1,2,3,x\n4,5,6,y\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDataReader.Read<double>(path));
        Assert.Equal((1, 3), (e.Line, e.Column));
        Assert.Contains("columns 1 and 3 are both called 'a'", e.Message);
    }

    [Fact]
    public void AValueTooLargeForFloat_IsRefusedWithItsColumn_ButReadInDouble()
    {
        string path = _folder.Write("big.csv", "a,b,label\n1,2,x\n3,1e300,y\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDataReader.Read<float>(path));
        Assert.Equal((3, 2), (e.Line, e.Column));
        Assert.Contains("feature column 'b': 1e300 is too large for float32", e.Message);
        Assert.Equal(1e300, CsvDataReader.Read<double>(path).Inputs[1, 1]);
    }

    [Fact]
    public void ABinaryFile_IsNotTakenForACsv()
    {
        string path = _folder.Write("model.bin", [1, 2, 0, 0, 65, 66]);
        var e = Assert.Throws<DataFormatException>(() => CsvDataReader.Read<double>(path));
        Assert.Contains("not a text file", e.Message);
    }

    [Fact]
    public void AFileOfAnyExtension_IsReadAsCsvByTheDataSources()
    {
        string path = _folder.Write("iris.txt", "a,b,c,d,label\n" + Iris);
        var data = DataSources.Load<double>(path);
        Assert.Equal(4, data.Train.Count);
        Assert.Equal(["a", "b", "c", "d", "label"], data.Columns);
    }

    [Fact]
    public void FeaturesForPrediction_FollowTheSameHeaderRule()
    {
        string path = _folder.Write("points.csv", "0.2,-0.4\n0.5,0.1\n");
        var (inputs, columns, notes) = CsvDataReader.ReadFeaturesWithNotes<double>(path);
        Assert.Equal(2, inputs.Rows);
        Assert.Equal(["x0", "x1"], columns);
        Assert.Single(notes);
    }
}
