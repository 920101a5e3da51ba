using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Backprop.Cli;

/// <summary>
/// The parser's complaints (a misspelt option, a value of the wrong kind) as the CLI's error lines: in the user's
/// words rather than .NET's type names ("--hidden takes a whole number, got 'abc'"), the last one saying where the
/// options are listed.
/// </summary>
internal static partial class ParseErrors
{
    public static IEnumerable<string> Lines(ParseResult parsed)
    {
        var messages = parsed.Errors.Select(e => Plain(e.Message)).Distinct().ToList();
        // One misspelt word is one problem: "--epoch 3" is not also a stray "3", nor a missing command.
        if (messages.Any(m => m.StartsWith("Unrecognized", StringComparison.Ordinal)))
        {
            messages = [.. messages.Where(m => !m.StartsWith("Unrecognized", StringComparison.Ordinal) && !m.StartsWith("Required command", StringComparison.Ordinal)),
                        messages.First(m => m.StartsWith("Unrecognized", StringComparison.Ordinal))];
            if (parsed.CommandResult.Parent is null && parsed.UnmatchedTokens.Count > 0 && !parsed.UnmatchedTokens[0].StartsWith('-'))
                messages[^1] = $"there is no command '{parsed.UnmatchedTokens[0]}'; the commands are {string.Join(", ", parsed.CommandResult.Command.Subcommands.Select(c => c.Name))}.";
        }
        string help = $"run 'backprop {Path(parsed.CommandResult)}--help' to see the options";
        for (int i = 0; i < messages.Count; i++)
            yield return i < messages.Count - 1 ? messages[i] : $"{messages[i].TrimEnd('.')}; {help}.";
    }

    private static string Path(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Parent is not null; r = c.Parent) names.Insert(0, c.Command.Name);
        return names.Count == 0 ? "" : string.Join(" ", names) + " ";
    }

    private static string Plain(string message)
    {
        var m = CannotParse().Match(message);
        if (!m.Success) return message;
        string kind = m.Groups["type"].Value.Replace("System.Nullable`1[", "").TrimEnd(']') switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.UInt32" => "a whole number, 0 or more",
            "System.Double" or "System.Single" => "a number (with a '.' decimal point)",
            "System.Boolean" => "true or false",
            string other => other.Replace("System.", "").Replace("Nullable`1[", "").TrimEnd(']'),
        };
        return $"{m.Groups["option"].Value} takes {kind}, got '{m.Groups["value"].Value}'.";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>.*)' as expected type '(?<type>.*?)'\.")]
    private static partial Regex CannotParse();
}
