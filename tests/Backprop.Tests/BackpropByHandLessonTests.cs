using System.Text.Json;
using System.Xml.Linq;
using Backprop.Lessons.BackpropByHand;

namespace Backprop.Tests;

public class BackpropByHandLessonTests
{
    // Keys of Reference/backprop-by-hand.json whose values are computed numbers.
    private static readonly string[] Quantities =
    [
        "hidden_inputs_xj", "hidden_outputs_yj", "output_yk", "delta_k", "grad_w_jk", "delta_j", "grad_w_ij",
        "updated_w_ij", "updated_w_jk", "output_after_update",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackpropByHandLesson_EveryQuantityEqualsTheReference(bool fromScratch)
    {
        var reference = TestData.Load("backprop-by-hand.json");
        var json = JsonDocument.Parse(CliRunner.Lesson("backprop-by-hand", fromScratch, "--json")).RootElement;
        foreach (string key in Quantities)
            // Exact: both versions do the document's operations in the document's order.
            Assert.Equal(reference.GetProperty(key).Doubles(), json.GetProperty(key).Doubles());
    }

    [Fact]
    public void BackpropByHandLesson_JsonHasTheReferenceFilesKeys()
    {
        var reference = TestData.Load("backprop-by-hand.json");
        var json = JsonDocument.Parse(CliRunner.Lesson("backprop-by-hand", false, "--json")).RootElement;
        Assert.Equal(reference.EnumerateObject().Select(p => p.Name), json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(reference.GetProperty("document_rounded_values").EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())),
            json.GetProperty("document_rounded_values").EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())));
        Assert.Equal(reference.GetProperty("network").GetString(), json.GetProperty("network").GetString());
        Assert.Equal(reference.GetProperty("loss").GetString(), json.GetProperty("loss").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackpropByHandLesson_PrintsEachValueBesideTheDocumentsRoundedOne(bool fromScratch)
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("backprop-by-hand", fromScratch));
        string Row(string start) => lines.Single(l => l.TrimStart().StartsWith(start));
        Assert.EndsWith("0.731", Row("y_j = sigmoid"));
        Assert.Contains("0.7310585786300049", Row("y_j = sigmoid"));
        Assert.EndsWith("0.231", Row("delta_k"));
        Assert.Contains("0.2310585786300049", Row("delta_k"));
        Assert.EndsWith("0.168861", Row("dE/dw_jk"));
        Assert.EndsWith("0.0227", Row("delta_j"));
        Assert.Contains("0.022714436918237105", Row("delta_j"));
        Assert.EndsWith("0.0227", Row("dE/dw_ij"));
        Assert.EndsWith("0.499773", Row("w_ij "));
        Assert.Contains("0.49977285563081764", Row("w_ij "));
        Assert.EndsWith("0.49831139", Row("w_jk "));
        Assert.EndsWith("0.7285", Row("y_k after"));
        Assert.Contains("0.7284997828040481", Row("y_k after"));
    }

    [Fact]
    public void BackpropByHandLesson_DocumentsRoundedValuesAreCloseToTheExactOnes()
    {
        // The document rounds as it goes (0.231·0.731 = 0.168861), so its values agree to its own precision.
        var r = BackpropByHandWithLibrary.Step(new BackpropByHandOptions());
        var d = DocumentRoundedValues.Document;
        Assert.Equal(d.Yj, r.HiddenOutputsYj[0], 3);
        Assert.Equal(d.DeltaK, r.DeltaK[0], 3);
        Assert.Equal(d.GradWJk, r.GradWJk[0], 3);
        Assert.Equal(d.DeltaJ, r.DeltaJ[0], 4);
        Assert.Equal(d.UpdatedWIj, r.UpdatedWIj[0], 6);
        Assert.Equal(d.UpdatedWJk, r.UpdatedWJk[0], 5);
        Assert.Equal(d.OutputAfterUpdate, r.OutputAfterUpdate[0], 4);
    }

    [Fact]
    public void BackpropByHandLesson_Plots_DrawTheStepStageByStage_AsTheBackpropViewDoes()
    {
        using var folder = new ScratchFolder();
        string output = CliRunner.Lesson("backprop-by-hand", false, "--plots", folder.Path);
        string[] files = ["1-forward-pass", "2-output-delta", "3-hidden-delta", "4-gradients", "5-update"];
        var svgs = files.Select(f => Path.Combine(folder.Path, $"backprop-by-hand-{f}.svg")).ToArray();
        foreach (string path in svgs)
        {
            Assert.Contains("picture: " + path, output);
            XDocument.Parse(File.ReadAllText(path));   // well-formed
        }
        // What the page draws for the 2-2-1 example: the same drawer, the same step.
        var step = BackpropByHandWithLibrary.Explain(new BackpropByHandOptions());
        for (int stage = 0; stage < files.Length; stage++)
            Assert.Equal(Playground.StepPicture.Draw(step, stage).ToSvg(), File.ReadAllText(svgs[stage]));
        Assert.Contains(">w 0.5 → 0.4983</text>", File.ReadAllText(svgs[4]));
        Assert.Contains(">δ = 0.2311</text>", File.ReadAllText(svgs[1]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackpropByHandLesson_TraceShowsEveryWeightsDerivativeAndUpdate(bool fromScratch)
    {
        string output = CliRunner.Lesson("backprop-by-hand", fromScratch, "--trace");
        Assert.Contains("step 1: y_k = 0.7310585786300049, delta_k = 0.2310585786300049", output);
        Assert.Contains("w_11 (ij): derivative = 0.022714436918237105, update 0.5 - 0.01 * 0.022714436918237105 = 0.49977285563081764", output);
        Assert.Contains("w_2 (jk): derivative = 0.1689173560735206, update 0.5 - 0.01 * 0.1689173560735206 = 0.4983108264392648", output);
    }
}
