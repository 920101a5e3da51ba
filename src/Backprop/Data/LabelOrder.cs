using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// Decides the order of class names, which is the order of the one-hot columns and of a model's outputs.
/// </summary>
internal static class LabelOrder
{
    /// <summary>
    /// The distinct labels in order of first appearance, except that labels which are all integers are
    /// sorted by value: "10" after "9", and digit classes land in the column of their own number.
    /// </summary>
    public static string[] Of(IEnumerable<string> labels)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (string label in labels)
        {
            if (seen.Add(label)) order.Add(label);
        }
        var values = new long[order.Count];
        for (int i = 0; i < order.Count; i++)
        {
            if (!long.TryParse(order[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
                return order.ToArray();
        }
        // Equal values written differently ("1", "01") stay distinct classes; order them by text then.
        return order.Select((name, i) => (name, value: values[i]))
            .OrderBy(p => p.value).ThenBy(p => p.name, StringComparer.Ordinal)
            .Select(p => p.name).ToArray();
    }
}
