using System.CommandLine;

namespace Backprop.Lessons;

/// <summary>The tutorials, in the order the tour runs them.</summary>
public static class LessonCatalog
{
    /// <summary>Builds the <c>lesson</c> command with one subcommand per lesson and <c>list</c>.</summary>
    public static Command CreateLessonCommand()
    {
        var lesson = new Command("lesson", "Run one of the tutorial networks (see 'backprop lesson list').");
        var list = new Command("list", "List the lessons, one per line.");
        list.SetAction(_ => { Console.WriteLine("(no lessons yet)"); return 0; });
        lesson.Subcommands.Add(list);
        return lesson;
    }

    /// <summary>Builds the <c>tour</c> command, which runs every lesson in order.</summary>
    public static Command CreateTourCommand()
    {
        var tour = new Command("tour", "Run every lesson in order, writing their pictures.");
        tour.SetAction(_ => { Console.WriteLine("(no lessons yet)"); return 0; });
        return tour;
    }
}
