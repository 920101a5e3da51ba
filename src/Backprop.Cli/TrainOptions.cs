using System.CommandLine;
using System.CommandLine.Parsing;
using Backprop.Runs;

namespace Backprop.Cli;

/// <summary>
/// The options of <c>backprop train</c>: one <see cref="Option{T}"/> for each row of the library's
/// <see cref="TrainSettingsTable"/>, with its name, help and default, read by the table's own reader, so that the command
/// line, the page's link and the ML.NET trainer cannot read a setting differently.
/// </summary>
internal sealed class TrainOptions
{
    private readonly List<Option> _options = [];
    private readonly List<Func<ParseResult, TrainSettings, TrainSettings>> _readers = [];

    public TrainOptions()
    {
        foreach (var setting in TrainSettingsTable.All)
        {
            var (option, reader) = setting.Accept(new Declare());
            _options.Add(option);
            _readers.Add(reader);
        }
    }

    /// <summary>Every option, for the command to register.</summary>
    public IReadOnlyList<Option> All => _options;

    /// <summary>The option of the table's setting <paramref name="name"/>, with another help text where a command reads it differently.</summary>
    /// <param name="name">The setting's name without dashes.</param>
    /// <param name="description">This command's help for it; null for train's (with train's default).</param>
    /// <param name="required">Whether the command cannot do without it.</param>
    /// <param name="defaultValue">This command's default, when it has one of its own.</param>
    public static Option<TValue> Single<TValue>(string name, string? description = null, bool required = false, Func<TValue>? defaultValue = null)
    {
        var setting = (TrainSetting<TValue>)TrainSettingsTable.Get(name);
        var option = (Option<TValue>)Declare.Create(setting);
        if (description is not null) option.Description = description + ".";
        option.Required = required;
        if (required || description is not null) option.DefaultValueFactory = null;
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue();
        return option;
    }

    /// <summary>Reads and checks the options; a bad value is a <see cref="BackpropException"/> naming the option and the fix.</summary>
    public TrainSettings Read(ParseResult p)
    {
        var s = TrainSettings.Defaults;
        foreach (var read in _readers) s = read(p, s);
        return s.Validate();
    }

    /// <summary>Declares a setting as an option: its default (unless null, false or zero) shown by --help, its value read by the table.</summary>
    private sealed class Declare : ITrainSettingVisitor<(Option, Func<ParseResult, TrainSettings, TrainSettings>)>
    {
        public (Option, Func<ParseResult, TrainSettings, TrainSettings>) Visit<TValue>(TrainSetting<TValue> setting)
        {
            var option = (Option<TValue>)Create(setting);
            return (option, (p, s) => p.GetResult(option) is null ? s : setting.With(s, p.GetValue(option)!));
        }

        public static Option Create<TValue>(TrainSetting<TValue> setting)
        {
            var option = new Option<TValue>("--" + setting.Name, [.. setting.Aliases]) { Description = setting.Description + ".", Required = setting.Required };
            TValue initial = setting.Default;
            if (!setting.Required && initial is not null && !EqualityComparer<TValue>.Default.Equals(initial, default!) && initial is not string { Length: 0 })
                option.DefaultValueFactory = _ => initial;
            // A switch keeps the parser's own reading (--json alone means true); every other value is read by the table.
            if (!setting.IsFlag)
                option.CustomParser = result =>
                {
                    if (result.Tokens.Count == 0) return initial;
                    try { return setting.Parse(result.Tokens[^1].Value); }
                    catch (BackpropException e)
                    {
                        result.AddError(e.Message);
                        return default;
                    }
                };
            return option;
        }
    }
}
