using System.CommandLine;
using Backprop.Lessons.Autograd;
using Backprop.Lessons.BackpropByHand;
using Backprop.Lessons.CrossEntropy;
using Backprop.Lessons.GradientDescent;
using Backprop.Lessons.Initialization;
using Backprop.Lessons.LinearNeuron;
using Backprop.Lessons.MnistNetwork;
using Backprop.Lessons.NeuronWithBias;
using Backprop.Lessons.SigmoidNeuron;
using Backprop.Lessons.SingleWeight;
using Backprop.Lessons.Xor;

namespace Backprop.Lessons;

/// <summary>The tutorials, in the order the tour runs them.</summary>
public static class LessonCatalog
{
    /// <summary>Every lesson, simplest first.</summary>
    public static IReadOnlyList<ILesson> All { get; } =
    [
        new SingleWeightLesson(),
        new LinearNeuronLesson(),
        new SigmoidNeuronLesson(),
        new NeuronWithBiasLesson(),
        new BackpropByHandLesson(),
        new XorLesson(),
        new GradientDescentLesson(),
        new SoftmaxCrossEntropyLesson(),
        new InitializationLesson(),
        new MnistNetworkLesson(),
        new AutogradLesson(),
    ];

    /// <summary>Builds the <c>lesson</c> command with one subcommand per lesson and <c>list</c>.</summary>
    public static Command CreateLessonCommand()
    {
        var lesson = new Command("lesson", "Run one of the tutorial networks (see 'backprop lesson list').");
        var list = new Command("list", "List the lessons, one per line.");
        list.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            int width = All.Max(l => l.Name.Length);
            foreach (var l in All) output.WriteLine($"{l.Name.PadRight(width)}  {l.Summary}");
            return 0;
        });
        lesson.Subcommands.Add(list);
        foreach (var l in All) lesson.Subcommands.Add(l.CreateCommand());
        return lesson;
    }

    /// <summary>Builds the <c>tour</c> command, which runs every lesson in order.</summary>
    public static Command CreateTourCommand()
    {
        var tour = new Command("tour", "Run every lesson in order, under short headings, writing their pictures.");
        var plots = new Option<string>("--plots")
        {
            Description = $"The folder for the pictures (default ./{LessonSettings.DefaultPlotsFolder}).",
            DefaultValueFactory = _ => LessonSettings.DefaultPlotsFolder,
        };
        var fromScratch = new Option<bool>("--from-scratch") { Description = "Run the plain ports of the documents instead of the library versions." };
        tour.Options.Add(plots);
        tour.Options.Add(fromScratch);
        tour.SetAction(parse =>
        {
            var config = parse.InvocationConfiguration;
            var settings = new LessonSettings(config.Output, config.Error, FromScratch: parse.GetValue(fromScratch),
                PlotsFolder: parse.GetValue(plots) ?? LessonSettings.DefaultPlotsFolder);
            Tour.Run(All, settings);
            return 0;
        });
        return tour;
    }
}
