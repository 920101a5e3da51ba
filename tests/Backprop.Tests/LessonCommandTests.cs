using System.Text.Json;

namespace Backprop.Tests;

public class LessonCommandTests
{
    private static readonly string[] Names = ["single-weight", "linear-neuron", "sigmoid-neuron", "neuron-with-bias", "backprop-by-hand", "xor",
        "gradient-descent", "softmax-crossentropy", "initialization", "mnist-network", "autograd"];

    // Lessons whose --trace prints the shared step format (prediction, delta, error, each weight's update).
    private static readonly string[] StepTraced = [.. Names.Except(["gradient-descent", "initialization", "mnist-network"])];

    // The full identity checks, minus the three-epoch MNIST run (MnistNetworkLessonTests compares its versions on a subset).
    public static TheoryData<string> QuickLessons => new(Names.Except(["mnist-network"]));

    public static TheoryData<string> LessonsWithStepTraces => new(StepTraced);

    [Fact]
    public void LessonList_PrintsOneLinePerLessonInTourOrder()
    {
        var (code, output, _) = CliRunner.Run("lesson", "list");
        Assert.Equal(0, code);
        var lines = CliRunner.Lines(output);
        Assert.Equal(Names, lines.Select(l => l.Split(' ')[0]));
    }

    [Theory]
    [MemberData(nameof(QuickLessons))]
    public void Lesson_FromScratchAndLibraryPrintTheSameText(string name) =>
        Assert.Equal(CliRunner.Lesson(name, false), CliRunner.Lesson(name, true));

    [Theory]
    [MemberData(nameof(QuickLessons))]
    public void Lesson_FromScratchAndLibraryPrintTheSameTrace(string name) =>
        Assert.Equal(CliRunner.Lesson(name, false, "--trace", "--trace-steps", "5"), CliRunner.Lesson(name, true, "--trace", "--trace-steps", "5"));

    [Theory]
    [MemberData(nameof(QuickLessons))]
    public void Lesson_JsonIsOneObjectAndTheSameForBothVersions(string name)
    {
        string library = CliRunner.Lesson(name, false, "--json");
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(library).RootElement.ValueKind);
        Assert.Equal(library, CliRunner.Lesson(name, true, "--json"));
    }

    [Theory]
    [MemberData(nameof(LessonsWithStepTraces))]
    public void Lesson_TracePrintsPredictionDeltaErrorDerivativeAndUpdate(string name)
    {
        string output = CliRunner.Lesson(name, false, "--trace", "--trace-steps", "1");
        var lines = CliRunner.Lines(output);
        string first = lines.First(l => l.StartsWith("step 1: "));
        Assert.Equal(3, first.Split(" = ").Length - 1);   // prediction, delta and error
        Assert.Contains(lines, l => l.Contains(": derivative = ") && l.Contains(" update ") && l.Contains(" * "));
        Assert.DoesNotContain(lines, l => l.StartsWith("step 2: "));
    }

    [Fact]
    public void Lesson_TraceGoesToStandardErrorWhenPrintingJson()
    {
        var (code, output, error) = CliRunner.Run("lesson", "single-weight", "--json", "--trace");
        Assert.Equal(0, code);
        JsonDocument.Parse(output);
        Assert.Contains("step 1: pred = 5.0", error);
    }

    [Fact]
    public void Lesson_BadOptionIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = CliRunner.Run("lesson", "single-weight", "--epochs", "-1");
        Assert.Equal(2, code);
        Assert.Single(CliRunner.Lines(error));
    }
}
