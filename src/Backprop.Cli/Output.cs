using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary>Where a command prints: the invocation's output writer, through Spectre for tables.</summary>
internal static class Output
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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

    public static void WriteJson(ParseResult p, object value) => Writer(p).WriteLine(JsonSerializer.Serialize(value, Json));
}
