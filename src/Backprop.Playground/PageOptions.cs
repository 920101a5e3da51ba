using Backprop.Data;

namespace Backprop.Playground;

/// <summary>
/// The page's settings are <c>backprop train</c> options: a map from an option's name (without the dashes) to its value,
/// the same map the page keeps in its link. They are parsed by the train command's own options, so the page and the
/// command line cannot read a setting differently. Only the options a page may set are accepted: no output files, and
/// data only by a built-in name or the file uploaded to this page.
/// </summary>
public static class PageOptions
{
    /// <summary>The options the page may set: the table's settings marked for the page.</summary>
    public static readonly IReadOnlySet<string> Allowed = TrainSettingsTable.OnPage.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The page's first settings: TensorFlow Playground's (circle, 4-2 tanh, η = 0.03, batches of 10, half held out).</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["data"] = "circle", ["noise"] = "0", ["validation-split"] = "0.5", ["features"] = "x1,x2", ["layers"] = "4,2",
        ["activation"] = "tanh", ["optimizer"] = "sgd", ["learning-rate"] = "0.03", ["batch-mode"] = Backprop.Training.BatchModes.Default.Name,
        ["batch-size"] = "10", ["seed"] = "1", ["type"] = "float",
    };

    /// <summary>
    /// Reads the page's options as <c>backprop train</c> would read them. <paramref name="upload"/> is the file uploaded
    /// to this page, if any: its name stands for its stored copy. Bad values are a <see cref="BackpropException"/>.
    /// </summary>
    public static TrainSettings Read(IReadOnlyDictionary<string, string> options, UploadedFile? upload)
    {
        foreach (var key in options.Keys)
            if (!Allowed.Contains(key))
                throw new BackpropException($"The page cannot set '{key}'; it sets {string.Join(", ", Allowed.Order(StringComparer.Ordinal))}.");
        var values = options.Where(o => o.Value is not null)
            .Select(o => KeyValuePair.Create(o.Key, o.Key == "data" ? DataPath(o.Value, upload) : o.Value));
        var settings = TrainSettingsTable.Read(values, setting => setting.OnPage);
        // No stop given: the page trains until paused (an epoch count is only a stop condition here).
        return options.ContainsKey("epochs") ? settings : settings with { Epochs = int.MaxValue };
    }

    private static string DataPath(string data, UploadedFile? upload)
    {
        if (upload is not null && data == upload.Name) return upload.Path;
        if (DataSources.Names.Contains(data.ToLowerInvariant())) return data;
        throw new BackpropException(data.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? $"The file '{data}' has not been uploaded to this page; upload it with 'Your CSV'."
            : $"Unknown data set '{data}'; use one of {string.Join(", ", DataSources.Names)} or upload a CSV file.");
    }
}
