using System.CommandLine;
using System.Reflection;
using Backprop.Cli;
using Backprop.Playground;

namespace Backprop.Tests;

/// <summary>
/// The one table of a run's settings: every property of <see cref="TrainSettings"/> has one row, the command line and
/// the page read a value the same way (the same reader), and the command the page writes reads back as the same run.
/// </summary>
public class TrainSettingsTableTests
{
    private static TrainSettings ParseCommandLine(params string[] args)
    {
        var options = new TrainOptions();
        var command = new Command("train");
        foreach (var option in options.All) command.Options.Add(option);
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0) throw new BackpropException(parsed.Errors[0].Message);
        return options.Read(parsed);
    }

    private static string Describe(TrainSettings s) => string.Join(" ", TrainSettingsTable.All.Select(t => $"{t.Name}={t.Text(s)}"));

    [Fact]
    public void EverySettableProperty_HasExactlyOneRow_AndEveryNameIsUnique()
    {
        var properties = typeof(TrainSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null).Select(p => p.Name).Order().ToList();
        Assert.Equal(properties, TrainSettingsTable.All.Select(s => s.Property).Order().ToList());
        var names = TrainSettingsTable.All.Select(s => s.Name).Concat(TrainSettingsTable.All.SelectMany(s => s.Aliases)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(40, TrainSettingsTable.All.Count);
    }

    [Fact]
    public void TheCommandLineAndThePage_ReadTheSameValues_TheSameWay()
    {
        var values = new Dictionary<string, string>
        {
            ["data"] = "moons", ["samples"] = "300", ["noise"] = "0.25", ["layers"] = "8,4", ["activation"] = "TANH".ToLowerInvariant(),
            ["optimizer"] = "momentum", ["learning-rate"] = "0.05", ["momentum"] = "0.8", ["weight-decay"] = "1e-4", ["batch-mode"] = "minibatch",
            ["batch-size"] = "16", ["seed"] = "7", ["type"] = "Double", ["epochs"] = "12", ["validation-split"] = "0.25", ["features"] = "x1,x2,x1x2",
        };
        var fromPage = TrainSettingsTable.Read(values, s => s.OnPage);
        var fromCommandLine = ParseCommandLine([.. values.SelectMany(v => new[] { "--" + v.Key, v.Value })]);
        Assert.Equal(Describe(fromCommandLine), Describe(fromPage));
        // The values as read: an alias resolved to the batch mode's name, the type lower-cased, a number in full.
        Assert.Equal("mini", fromPage.BatchMode);
        Assert.Equal("double", fromPage.Type);
        Assert.Equal(1e-4, fromPage.WeightDecay);
        Assert.Equal([8, 4], fromPage.Layers.Cast<Backprop.Training.LayerSpec.Dense>().Select(d => d.Units));
    }

    [Theory]
    [InlineData("epochs", "abc", "--epochs takes a whole number, got 'abc'.")]
    [InlineData("learning-rate", "0,1", "--learning-rate takes a number (with a '.' decimal point), got '0,1'.")]
    [InlineData("seed", "-1", "--seed takes a whole number, 0 or more, got '-1'.")]
    public void ABadValue_IsTheSameSentence_OnTheCommandLine_AndThePage(string name, string value, string message)
    {
        var page = Assert.Throws<BackpropException>(() => TrainSettingsTable.Read([KeyValuePair.Create("data", "xor"), KeyValuePair.Create(name, value)]));
        Assert.Equal(message, page.Message);
        var r = Cli.Run("train", "--data", "xor", "--" + name, value);
        Cli.AssertBadInput(r, message.TrimEnd('.'));
    }

    [Fact]
    public void ThePagesCommand_ReadsBack_AsTheSameRun_WithEveryDefaultWrittenIn()
    {
        var page = PageOptions.Read(new Dictionary<string, string>
        {
            ["data"] = "circle", ["layers"] = "6", ["activation"] = "tanh", ["optimizer"] = "adam", ["seed"] = "4", ["weight-decay"] = "0.001",
        }, upload: null) with { EarlyStopping = 5 };
        string command = EquivalentCommand.CommandLine(page, "circle", epochs: 7);
        // Adam's default rate, the split early stopping holds out, and no normalisation for a built-in set are written out.
        Assert.Contains("--learning-rate 0.003", command);
        Assert.Contains("--validation-split 0.2", command);
        Assert.Contains("--normalize none", command);
        Assert.DoesNotContain("--momentum", command);   // Adam takes none
        var back = ParseCommandLine(command["backprop train ".Length..].Split(' '));
        Assert.Equal(Describe(page.Resolved(csvFile: false) with { Epochs = 7 }), Describe(back));
    }

    [Fact]
    public void NoHiddenLayers_IsWrittenNone_AndTrainsALogisticRegression()
    {
        var page = PageOptions.Read(new Dictionary<string, string> { ["data"] = "circle", ["layers"] = "", ["seed"] = "1" }, upload: null);
        Assert.Empty(page.Layers);
        string command = EquivalentCommand.CommandLine(page, "circle", epochs: 3);
        Assert.Contains("--layers none", command);
        var r = Cli.Run(command["backprop ".Length..].Split(' '));
        Assert.True(r.ExitCode == 0, r.Err);
        // One Dense layer from the two inputs straight to the two classes, then the softmax: 4 weights and 2 biases.
        Assert.Contains("1. Dense              (batch, 2)                 6", r.Out);
        Assert.Contains("2. Softmax", r.Out);
        Assert.Contains("Total parameters: 6 ", r.Out);
    }
}
