using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary>Where a command prints: the invocation's output writer, through Spectre for tables.</summary>
internal static class Output
{
    /// <summary>The answers' JSON: indented, snake_case names, non-ASCII text as itself.</summary>
    public static readonly CliJson Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static TextWriter Writer(ParseResult p) => p.InvocationConfiguration.Output;

    public static IAnsiConsole Console(ParseResult p)
    {
        var writer = Writer(p);
        bool terminal = writer == System.Console.Out && !System.Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
    }

    /// <summary>Prints <paramref name="value"/> as JSON, written by code generated for its type (<see cref="CliJson"/>), not by reflection.</summary>
    public static void WriteJson<T>(ParseResult p, T value, JsonTypeInfo<T> type) => Writer(p).WriteLine(JsonSerializer.Serialize(value, type));
}

/// <summary>
/// The types the commands print as JSON, their serialisation generated at compile time: the command is published with
/// Native AOT, where reflection over a type's members is not available.
/// </summary>
[JsonSerializable(typeof(TrainJson))]
[JsonSerializable(typeof(PredictionJson))]
[JsonSerializable(typeof(PredictionJson[]))]
[JsonSerializable(typeof(EvaluationJson))]
internal sealed partial class CliJson : JsonSerializerContext;
