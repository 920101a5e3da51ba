using System.CommandLine;

namespace Backprop.Cli;

/// <summary>
/// The options every command that reads data or a model shares (--data, --target, --header, --separator, --model,
/// --json): each made from its row of the library's <see cref="TrainSettingsTable"/>, so it is read and checked as
/// <c>train</c> reads it; a command gives its own help sentence where it means something else by it.
/// </summary>
internal static class CommonOptions
{
    /// <summary>--data, with what this command does with it.</summary>
    public static Option<string> Data(string description, bool required) => TrainOptions.Single<string>("data", description, required);

    /// <summary>--target, as train reads it.</summary>
    public static Option<string?> Target() => TrainOptions.Single<string?>("target");

    /// <summary>--header, as train reads it (default auto).</summary>
    public static Option<string> Header() => TrainOptions.Single<string>("header");

    /// <summary>--separator, as train reads it.</summary>
    public static Option<string?> Separator() => TrainOptions.Single<string?>("separator");

    /// <summary>--model, with what this command does with the file.</summary>
    public static Option<string?> Model(string description, bool required = true) => TrainOptions.Single<string?>("model", description, required);

    /// <summary>--json, with what this command prints.</summary>
    public static Option<bool> Json(string description) => TrainOptions.Single<bool>("json", description);
}
