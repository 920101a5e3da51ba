using System.Text.Json;

namespace Backprop.Lessons;

/// <summary>Prints a lesson's result record as one JSON object with snake_case keys (InitialWeights → initial_weights).</summary>
public static class LessonJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>Writes <paramref name="result"/> to <paramref name="output"/>.</summary>
    public static void Write<TResult>(TextWriter output, TResult result) =>
        output.WriteLine(JsonSerializer.Serialize(result, Options));
}
