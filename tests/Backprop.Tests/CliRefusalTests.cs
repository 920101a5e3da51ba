namespace Backprop.Tests;

/// <summary>
/// The inputs of shared/reference/bad-inputs-2026-11-30.md (copied here as each test's own data) that fell short — an
/// exit code other than 2, a silent wrong result, a misleading message — each now refused with exit code 2, one line
/// naming the problem and the fix, and nothing written. The row numbers are that file's.
/// </summary>
public sealed class CliRefusalTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string IrisRows = "5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.4,3.2,4.5,1.5,versicolor\n" +
                                    "6.3,3.3,6.0,2.5,virginica\n5.8,2.7,5.1,1.9,virginica\n";

    private string Iris(string name = "good.csv", string header = "sl,sw,pl,pw,species\n", string rows = IrisRows) => _dir.Write(name, header + rows);

    private string Model => Path.Combine(_dir.Path, "m.safetensors");

    private void AssertNothingWritten() => Assert.Empty(Directory.GetFiles(_dir.Path, "m.safetensors*").Concat(Directory.GetFiles(_dir.Path, "*.tmp")));

    [Fact]
    public void Row8_A1e300Cell_NamesTheColumn_NotTheLearningRate()
    {
        string csv = Iris(rows: IrisRows.Replace("3.0,1.4", "1e300,1.4"));
        var r = Cli.Run("train", "--data", csv, "--epochs", "2", "--model", Model);
        Cli.AssertBadInput(r, "good.csv:3:2", "feature column 'sw': 1e300 is too large for float32", "rescale this column");
        Assert.DoesNotContain("learning rate", r.Err);
        AssertNothingWritten();
    }

    [Fact]
    public void AColumnThatOverflowsWhenScaled_IsNamed_WithItsLargestValue()
    {
        // In double, ±1.5e308 are finite, but min-max scaling subtracts one from the other: 3e308 is not.
        string csv = _dir.Write("wide.csv", "a,b,label\n1.5e308,1,x\n-1.5e308,2,y\n0,3,x\n1,4,y\n");
        var r = Cli.Run("train", "--data", csv, "--type", "double", "--normalize", "minmax", "--epochs", "1", "--model", Model);
        Cli.AssertBadInput(r, "wide.csv: column 'a' has values up to 1.5e+308", "not finite numbers after scaling; rescale this column");
        AssertNothingWritten();
    }

    [Fact]
    public void Row10_SemicolonSeparators_AreDetected()
    {
        string csv = Iris("semi.csv", "sl;sw;pl;pw;species\n", IrisRows.Replace(',', ';'));
        var r = Cli.Run("train", "--data", csv, "--epochs", "1");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("the columns are separated by ';'", r.Out);
    }

    [Fact]
    public void Row11_SemicolonsWithDecimalCommas_SayHowToWriteTheNumbers()
    {
        string csv = Iris("euro.csv", "sl;sw;pl;pw;species\n", IrisRows.Replace(',', ';').Replace('.', ','));
        Cli.AssertBadInput(Cli.Run("train", "--data", csv, "--epochs", "1"), "euro.csv:2:1", "'5,1' is not a number", "not a comma (5.1)");
    }

    [Fact]
    public void Row17_ATargetWithOneClass_IsRefused()
    {
        string csv = Iris(rows: string.Concat(IrisRows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.LastIndexOf(',')] + ",setosa\n")));
        Cli.AssertBadInput(Cli.Run("train", "--data", csv, "--model", Model), "only one class ('setosa')", "check --target");
        AssertNothingWritten();
    }

    [Fact]
    public void Row18_ACsvOfOneRow_IsRefused()
    {
        var classification = Cli.Run("train", "--data", Iris(rows: "5.1,3.5,1.4,0.2,setosa\n"), "--model", Model);
        Cli.AssertBadInput(classification, "only one class");
        var regression = Cli.Run("train", "--data", _dir.Write("one.csv", "a,b,y\n1,2,3.5\n"), "--task", "regression", "--model", Model);
        Cli.AssertBadInput(regression, "one.csv", "1 data row, too few to train on");
        AssertNothingWritten();
    }

    [Fact]
    public void Row19_AFileWithoutAHeader_KeepsItsFirstSample()
    {
        var r = Cli.Run("train", "--data", Iris("noheader.csv", header: ""), "--epochs", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("\"train_samples\": 6", r.Out);
    }

    [Fact]
    public void Row20_DuplicateColumnNames_AreRefused()
    {
        Cli.AssertBadInput(Cli.Run("train", "--data", Iris(header: "a,b,a,pw,species\n"), "--model", Model), "good.csv:1:3", "columns 1 and 3 are both called 'a'");
        AssertNothingWritten();
    }

    [Fact]
    public void Row22_AContinuousTarget_IsARegression_NotA214ClassSoftmax()
    {
        string csv = _dir.Write("reg.csv", "a,b,target\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 5},{3 * i + 25}")) + "\n");
        var r = Cli.Run("train", "--data", csv, "--epochs", "2", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("\"test_mse\"", r.Out);
        Assert.DoesNotContain("\"train_accuracy\": 0", r.Out);
        var plain = Cli.Run("train", "--data", csv, "--epochs", "1");
        Assert.Contains("regression, because the target column 'target' holds 40 different whole numbers", plain.Out);
    }

    [Fact]
    public void ARegressionTargetThatNeverChanges_IsRefused()
    {
        string csv = _dir.Write("const.csv", "a,b,y\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i},{2 * i},3.5")) + "\n");
        Cli.AssertBadInput(Cli.Run("train", "--data", csv, "--model", Model), "const.csv", "target column 'y'", "3.5 in every training row");
        AssertNothingWritten();
    }

    [Fact]
    public void Row23_ACsvWithAnotherExtension_IsReadAsCsv()
    {
        var r = Cli.Run("train", "--data", Iris("good.txt"), "--epochs", "1");
        Assert.True(r.ExitCode == 0, r.Err);
    }

    [Theory]
    [InlineData("1000000000", "even with one input and one output, the network with adam needs about")]
    [InlineData("100000,100000", "10,000,000,000 weights")]
    public void Rows30And31_HugeLayers_AreRefusedBeforeAnyWork(string layers, string problem) =>
        Cli.AssertBadInput(Cli.Run("train", "--data", Iris(), "--layers", layers, "--model", Model), problem, "--layers");

    [Fact]
    public void Row80_ANetworkTooBigForMemory_IsRefusedWithItsSizeInBytes()
    {
        // Refused before the data is read, counting one input and one output: 1-1e9-1 with Adam, in float.
        var r = Cli.Run("train", "--data", "xor", "--layers", "1000000000", "--model", Model);
        Cli.AssertBadInput(r, "--layers 1000000000: even with one input and one output", "needs about 4,144,000,004,112 bytes",
            "this process may use", "use smaller layers");
        AssertNothingWritten();
    }

    [Fact]
    public void ALayerThatFitsAloneButNotWithTheDatasWidth_IsRefusedWithTheDatasSizes()
    {
        // 2,000 input columns: a hidden layer of W units has 2,000·W weights, each stored four times with Adam (value,
        // gradient, two moments) in 4 bytes: W is chosen so that those alone pass the memory this process may use,
        // while with one input the same layer needs about a fifth of it.
        long width = Training.MemoryEstimate.AvailableBytes / (2000L * 16) + 1;
        string header = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"f{i}")) + ",label\n";
        string rows = string.Concat(Enumerable.Range(0, 4).Select(r => string.Join(",", Enumerable.Repeat(r.ToString(), 2000)) + $",{(r % 2 == 0 ? "a" : "b")}\n"));
        var r = Cli.Run("train", "--data", _dir.Write("wide.csv", header + rows), "--layers", width.ToString(), "--model", Model);
        Cli.AssertBadInput(r, $"A 2000-{width}-2 network with adam needs about", "bytes", "this process may use");
        AssertNothingWritten();
    }

    [Fact]
    public void Row36_AdamAtAHugeRate_StopsAsDiverged_AndSavesNothing()
    {
        string csv = _dir.Write("reg.csv", "a,b,target\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i % 7},{i % 5},{3 * i + 25 + i % 3}")) + "\n");
        var r = Cli.Run("train", "--data", csv, "--learning-rate", "1e6", "--epochs", "5", "--batch-size", "32", "--model", Model);
        Cli.AssertBadInput(r, "diverged at epoch 1, step", "more than 1,000 times its starting value", "Try a smaller learning rate than 1000000");
        AssertNothingWritten();
    }

    [Fact]
    public void Row45_ResumingOnDataOfAnotherWidth_SaysTheWidthsDiffer()
    {
        string checkpoint = Path.Combine(_dir.Path, "ck8.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", Iris(), "--layers", "8", "--epochs", "1", "--checkpoint-every", "1", "--checkpoint", checkpoint, "--quiet").ExitCode);
        string wide = _dir.Write("wide.csv", "a,b,c,d,e,f,label\n" + string.Join("\n", Enumerable.Range(0, 12).Select(i => $"{i},1,2,3,4,5,{(i % 2 == 0 ? "x" : "y")}")) + "\n");
        Cli.AssertBadInput(Cli.Run("train", "--data", wide, "--layers", "8", "--epochs", "3", "--resume", checkpoint),
            "ck8.safetensors", "takes 4 inputs, but this run's data has 6");
    }

    [Fact]
    public void Row50_AHeaderLengthTooLong_IsCalledThat_NotBadUtf8()
    {
        Assert.Equal(0, Cli.Run("train", "--data", Iris(), "--epochs", "1", "--model", Model, "--quiet").ExitCode);
        byte[] bytes = File.ReadAllBytes(Model);
        ulong length = BitConverter.ToUInt64(bytes, 0) + 1000;
        BitConverter.GetBytes(length).CopyTo(bytes, 0);
        string damaged = _dir.Write("hdrlen.safetensors", bytes);
        Cli.AssertBadInput(Cli.Run("predict", "--model", damaged, "--input", "1,2,3,4"), "hdrlen.safetensors", "the header's JSON ends after", "the length is wrong");
    }

    [Fact]
    public void Row60_ALabelColumnLeftInThePredictionData_SuggestsDrop()
    {
        Assert.Equal(0, Cli.Run("train", "--data", Iris(), "--epochs", "1", "--model", Model, "--quiet").ExitCode);
        Cli.AssertBadInput(Cli.Run("predict", "--model", Model, "--data", Iris()), "good.csv:2:5", "'setosa' is not a number", "--drop species");
    }

    [Fact]
    public void Row63_AnUnknownDropColumn_IsNotCalledATarget()
    {
        Assert.Equal(0, Cli.Run("train", "--data", Iris(), "--epochs", "1", "--model", Model, "--quiet").ExitCode);
        var r = Cli.Run("predict", "--model", Model, "--data", Iris(), "--drop", "label");
        Cli.AssertBadInput(r, "there is no column 'label'", "'species'");
        Assert.DoesNotContain("target", r.Err);
    }

    [Fact]
    public void Row64_PredictOutputWhereNothingCanBeWritten_IsOneLine()
    {
        Assert.Equal(0, Cli.Run("train", "--data", Iris(), "--epochs", "1", "--model", Model, "--quiet").ExitCode);
        string points = _dir.Write("p.csv", "sl,sw,pl,pw\n1,2,3,4\n");
        var r = Cli.Run("predict", "--model", Model, "--data", points, "--output", Path.Combine(_dir.Path, "nofolder", "x.csv"));
        Cli.AssertBadInput(r, "x.csv: cannot write the file: the folder", "nofolder", "does not exist");
        Assert.DoesNotContain(".tmp", r.Err);
        if (!OperatingSystem.IsLinux()) return;
        // The row's own case: /proc exists but takes no new files (it was "unexpected error … FileNotFoundException").
        var proc = Cli.Run("predict", "--model", Model, "--data", points, "--output", "/proc/x.csv");
        Cli.AssertBadInput(proc, "/proc/x.csv: cannot write the file in the folder '/proc'", "choose a folder you can write to");
        Assert.DoesNotContain(".tmp", proc.Err);
    }

    [Fact]
    public void Row66_EvaluateOnDataOfAnotherWidth_IsOneLine()
    {
        Assert.Equal(0, Cli.Run("train", "--data", Iris(), "--epochs", "1", "--model", Model, "--quiet").ExitCode);
        Cli.AssertBadInput(Cli.Run("evaluate", "--model", Model, "--data", "spirals", "--plots", _dir.Path),
            "spirals: the data has 2 input columns but the model", "expects 4");
    }

    [Fact]
    public void Rows69To71_ModelPathsThatCannotBeWritten_NameThePathAndTheFix_BeforeTraining()
    {
        var folder = Cli.Run("train", "--data", Iris(), "--epochs", "1", "--model", _dir.Path);
        Cli.AssertBadInput(folder, "this is a folder; give the name of a file");
        var missing = Cli.Run("train", "--data", Iris(), "--epochs", "1", "--model", Path.Combine(_dir.Path, "nofolder", "m.safetensors"));
        Cli.AssertBadInput(missing, "the folder", "nofolder' does not exist; create it first");
        Assert.DoesNotContain(".tmp", missing.Err);
        Assert.DoesNotContain("epoch 1", missing.Out);                           // refused before training
    }

    [Fact]
    public void Row72_PlotsNamingAFile_IsRefused_AndTheFileKept()
    {
        string csv = Iris();
        string before = File.ReadAllText(csv);
        Cli.AssertBadInput(Cli.Run("train", "--data", csv, "--epochs", "1", "--plots", csv), "--plots", "this is a file, not a folder");
        Assert.Equal(before, File.ReadAllText(csv));
    }

    [Theory]
    [InlineData("lesson", "xor")]
    [InlineData("tour")]
    public void Row73_LessonAndTourPlotsWhereNoFolderCanBeMade_AreOneLine(params string[] command)
    {
        string file = Iris();
        var r = Cli.Run([.. command, "--plots", Path.Combine(file, "pictures")]);
        Cli.AssertBadInput(r, "pictures", "cannot make this folder");
    }

    [Fact]
    public void Row77_AnUnknownLesson_ListsTheLessons()
    {
        Cli.AssertBadInput(Cli.Run("lesson", "xorr"), "there is no lesson 'xorr'", "single-weight", "xor", "backprop lesson list");
    }
}

/// <summary>The parser's complaints in the user's words: the option and the kind of value it takes, not .NET's type names.</summary>
public class CliParseErrorTests
{
    [Theory]
    [InlineData("--hidden takes a whole number, got 'abc'; run 'backprop lesson xor --help' to see the options.", "lesson", "xor", "--hidden", "abc")]
    [InlineData("--learning-rate takes a number (with a '.' decimal point), got 'x'; run 'backprop train --help' to see the options.", "train", "--data", "xor", "--learning-rate", "x")]
    [InlineData("Unrecognized command or argument '--epoch'; run 'backprop train --help' to see the options.", "train", "--data", "xor", "--epoch", "3")]
    [InlineData("there is no command 'trian'; the commands are tour, lesson, train, evaluate, predict, export, import, gradcheck, playground; run 'backprop --help' to see the options.", "trian")]
    public void AValueOfTheWrongKindOrAMisspeltWord_IsOneLineInTheUsersWords(string expected, params string[] args)
    {
        var r = Cli.Run(args);
        Cli.AssertBadInput(r);
        Assert.Equal($"error: {expected}\n", r.Err);
        Assert.DoesNotContain("System.", r.Err);
    }
}
