namespace Backprop.Runs;

/// <summary>The one wording of a count option's lower bound, shared by every command: "--epochs must be at least 1, got 0."</summary>
public static class OptionChecks
{
    /// <summary>Throws when <paramref name="value"/> is given and below 1; <paramref name="hint"/> (such as "; try 32") ends the sentence.</summary>
    public static void AtLeastOne(string option, int? value, string hint = "")
    {
        if (value is < 1) throw new BackpropException($"{option} must be at least 1, got {value}{hint}.");
    }
}
