using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Backprop.Lessons.BackpropByHand;
using Backprop.Playground;

namespace Backprop.Tests;

/// <summary>
/// The backprop picture (<see cref="StepPicture"/> on <see cref="Plotting.NetworkChart"/>): the network with one step's
/// numbers on it, stage by stage, as the page's backprop view and backprop-by-hand's --plots draw it.
/// </summary>
public sealed class StepPictureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Stage(StepExplanation step, int stage) => XDocument.Parse(StepPicture.Draw(step, stage).ToSvg());

    /// <summary>The text drawn (what a reader sees), not the hover titles.</summary>
    private static string[] Shown(XDocument svg) => [.. svg.Descendants(Svg + "text").Select(t => t.Value)];

    private static string[] Hovers(XDocument svg) => [.. svg.Descendants(Svg + "title").Select(t => t.Value)];

    private static string G4(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    [Fact]
    public void TwoTwoOne_EachStageShowsItsNumbersAtFourDigits_TheHoverInFull()
    {
        var step = BackpropByHandWithLibrary.Explain(new BackpropByHandOptions());
        // The independent hand computation (no library call) gives the numbers the picture must show.
        var hand = BackpropByHandFromScratch.Step(new BackpropByHandOptions());
        var stages = Enumerable.Range(0, StepPicture.Stages.Count).Select(s => Stage(step, s)).ToArray();

        foreach (var svg in stages)
        {
            Assert.Equal(Svg + "svg", svg.Root!.Name);
            // 2 + 2 + 1 neurons, 4 + 2 links, each with its hover text.
            Assert.Equal(5, svg.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "neuron"));
            Assert.Equal(6, svg.Descendants(Svg + "line").Count(l => (string?)l.Attribute("class") == "link"));
            Assert.Equal(11, Hovers(svg).Length);
        }

        // The values the docs page's table prints in full (0.7310585786300049, …), at four significant digits.
        Assert.Equal("0.7311", G4(hand.HiddenOutputsYj[0]));
        Assert.Equal("0.2311", G4(hand.DeltaK[0]));
        Assert.Equal("0.1689", G4(hand.GradWJk[0]));
        Assert.Equal("0.02271", G4(hand.DeltaJ[0]));
        Assert.Equal("0.4998", G4(hand.UpdatedWIj[0]));
        Assert.Equal("0.4983", G4(hand.UpdatedWJk[0]));

        var forward = Shown(stages[0]);
        Assert.Equal(3, forward.Count(t => t == "0.7311"));                  // y_j₁, y_j₂ and y_k
        Assert.Equal(2, forward.Count(t => t == "x = 1"));                   // x_j
        Assert.DoesNotContain(forward, t => t.StartsWith("δ", StringComparison.Ordinal));
        Assert.Contains(Hovers(stages[0]), h => h.Contains("y = 0.7310585786300049"));

        Assert.Equal(["δ = 0.2311"], Shown(stages[1]).Where(t => t.StartsWith("δ", StringComparison.Ordinal)));
        Assert.Contains(Hovers(stages[1]), h => h.Contains("δ = ∂E/∂x = 0.2310585786300049"));

        Assert.Equal(2, Shown(stages[2]).Count(t => t == "δ = 0.02271"));
        Assert.Contains(Hovers(stages[2]), h => h.Contains("δ = ∂E/∂x = 0.022714436918237105"));

        var gradients = Shown(stages[3]);
        Assert.Equal(2, gradients.Count(t => t == $"∂E/∂w {G4(hand.GradWJk[0])}"));
        Assert.Equal(4, gradients.Count(t => t == $"∂E/∂w {G4(hand.GradWIj[0])}"));
        Assert.Contains(Hovers(stages[3]), h => h.EndsWith("= δ·y = 0.1689173560735206", StringComparison.Ordinal));

        var update = Shown(stages[4]);
        Assert.Equal(2, update.Count(t => t == $"w 0.5 → {G4(hand.UpdatedWJk[0])}"));
        Assert.Equal(4, update.Count(t => t == $"w 0.5 → {G4(hand.UpdatedWIj[0])}"));
        Assert.Contains(Hovers(stages[4]), h => h.Contains("0.5 → 0.4983108264392648"));
        Assert.Contains(update, t => t.Contains("w′ = w − η·∂E/∂w with η = 0.01"));

        // The document's rounded values agree with what the picture shows, to the document's precision where it
        // computes from exact values (it multiplies rounded ones for ∂E/∂w_jk: 0.231·0.731 = 0.168861).
        var d = DocumentRoundedValues.Document;
        Assert.Equal(d.Yj, double.Parse(G4(hand.HiddenOutputsYj[0]), CultureInfo.InvariantCulture), 3);
        Assert.Equal(d.DeltaK, double.Parse(G4(hand.DeltaK[0]), CultureInfo.InvariantCulture), 3);
        Assert.Equal(d.DeltaJ, double.Parse(G4(hand.DeltaJ[0]), CultureInfo.InvariantCulture), 4);
    }

    [Fact]
    public void ThePagesEntryPoint_DrawsTheEnginesJson_AsTheRecordItself_AndRefusesInOneLine()
    {
        var step = BackpropByHandWithLibrary.Explain(new BackpropByHandOptions());
        string json = PlaygroundEngine.Json(step);
        for (int stage = 0; stage < StepPicture.Stages.Count; stage++)
            Assert.Equal(StepPicture.Draw(step, stage).ToSvg(), StepPicture.Draw(json, stage));

        var page = JsonDocument.Parse(StepPicture.Page(json, 4)).RootElement;
        Assert.Equal(4, page.GetProperty("stage").GetInt32());
        Assert.Equal(StepPicture.Stages, page.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(StepPicture.Draw(step, 4).ToSvg(), page.GetProperty("svg").GetString());

        foreach (var (input, stage, fragment) in new[] { (json, 5, "There is no stage 5"), (json, -1, "There is no stage -1"), ("{\"layers\": 3}", 0, "not an explained step"), ("[]", 0, "not an explained step"), ("{}", 0, "no layers") })
        {
            var e = Assert.Throws<BackpropException>(() => StepPicture.Draw(input, stage));
            Assert.Contains(fragment, e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }
    }

    [Fact]
    public void ASampleOfThePlaygroundsData_NamesItsTargetsClass_AndPutsLinksTooManyToLabelOnHover()
    {
        using var engine = new PlaygroundEngine();
        engine.Setup(new Dictionary<string, string>
        {
            ["data"] = "circle", ["layers"] = "4,2", ["activation"] = "tanh", ["seed"] = "3", ["validation-split"] = "0.5",
        }, 0);
        var step = engine.Explain("train", 2);
        var labels = JsonDocument.Parse(PlaygroundEngine.Json(engine.Frame())).RootElement
            .GetProperty("network").GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToArray();
        int k = Array.IndexOf(step.Target, step.Target.Max());
        Assert.Equal(labels[k], step.TargetClass);
        Assert.Equal($"class {labels[k]} ([{string.Join(", ", step.Target)}])", StepPicture.TargetText(step));

        var svg = Stage(step, 3);
        int links = step.Layers.Sum(l => l.Weights.Length * l.Weights[0].Length);
        Assert.Equal(links, svg.Descendants(Svg + "line").Count(l => (string?)l.Attribute("class") == "link"));
        Assert.Contains(Shown(svg), t => t.StartsWith("Too many links to label them all", StringComparison.Ordinal));
        // Every gradient is in a hover text, in full.
        foreach (var layer in step.Layers)
            foreach (double g in layer.Gradients.SelectMany(r => r))
                Assert.Contains(Hovers(svg), h => h.EndsWith("= δ·y = " + g.ToString("R", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains(Shown(svg), t => t.StartsWith($"Sample 2 of the train set: input [", StringComparison.Ordinal) && t.Contains($"target t = class {labels[k]}"));
    }

    [Theory]
    [InlineData(0.7310585786300049, "0.7311")]
    [InlineData(0.022714436918237105, "0.02271")]
    [InlineData(0.000008541046554455534, "8.541e-6")]
    [InlineData(-12345.678, "-1.235e+4")]
    [InlineData(0.5, "0.5")]
    [InlineData(0, "0")]
    public void Short_IsFourSignificantDigits(double value, string shown) => Assert.Equal(shown, StepPicture.Short(value));
}
