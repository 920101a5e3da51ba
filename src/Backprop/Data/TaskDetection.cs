using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// Decides whether a target column is a class or a number to predict: numbers that are not all whole, or whole
/// numbers with more than <see cref="MaxClasses"/> different values (ages, prices, scores), make a regression;
/// text labels and a few whole numbers (0/1, digit classes) make a classification.
/// </summary>
public static class TaskDetection
{
    /// <summary>A column of whole numbers with more different values than this is taken as a number to predict.</summary>
    public const int MaxClasses = 20;

    /// <summary>The task for the target cells <paramref name="cells"/>, and a sentence saying why.</summary>
    public static (LearningTask Task, string Reason) Decide(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var distinct = new HashSet<double>();
        bool whole = true;
        foreach (string cell in cells)
        {
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                return (LearningTask.Classification, $"holds labels such as '{cell}'");
            whole &= value == Math.Round(value);
            distinct.Add(value);
        }
        if (!whole) return (LearningTask.Regression, $"holds {distinct.Count:N0} different numbers, not all whole");
        return distinct.Count > MaxClasses
            ? (LearningTask.Regression, $"holds {distinct.Count:N0} different whole numbers (more than {MaxClasses})")
            : (LearningTask.Classification, $"holds {distinct.Count} different whole numbers");
    }
}
