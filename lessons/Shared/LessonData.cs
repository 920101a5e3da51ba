using Backprop.Data;

namespace Backprop.Lessons;

/// <summary>A lesson's data set is not installed: one line that names the package, and the tour skips the lesson.</summary>
public sealed class MissingDataException(string message) : BackpropException(message);

/// <summary>Finds the image data sets the lessons train on, through the library's usual lookup (<see cref="DataSources"/>).</summary>
public static class LessonData
{
    // Loaded sets, kept for the process: the tour runs two lessons on Fashion-MNIST, and unpacking it is most of their time.
    private static readonly Dictionary<string, LoadedData<double>> Loaded = [];

    /// <summary>Whether the IDX files of <paramref name="name"/> ("mnist" or "fashion-mnist") are where <c>--data NAME</c> looks.</summary>
    public static bool IsInstalled(string name) =>
        DataSources.SearchFolders(name, Environment.GetEnvironmentVariable(DataSources.DataFolderVariable))
            .Any(folder => File.Exists(Path.Combine(folder, "train-images-idx3-ubyte")) || File.Exists(Path.Combine(folder, "train-images-idx3-ubyte.gz")));

    /// <summary>
    /// The first of <paramref name="names"/> that is installed, loaded as images in double; a <see cref="MissingDataException"/>
    /// naming the fix for each set when none is.
    /// </summary>
    public static (string Name, IdxImageDataset<double> Train, IdxImageDataset<double> Test) Images(string lesson, params string[] names)
    {
        foreach (string name in names)
        {
            if (!IsInstalled(name)) continue;
            LoadedData<double> loaded;
            lock (Loaded)
                if (!Loaded.TryGetValue(name, out loaded!)) Loaded[name] = loaded = DataSources.Load<double>(name);
            return (name, (IdxImageDataset<double>)loaded.Train, (IdxImageDataset<double>)loaded.Test!);
        }
        // Name the fix for each set the lesson asked for (MNIST has no package; Fashion-MNIST does), and the installed
        // Fashion-MNIST when the lesson was asked for MNIST alone.
        string fixes = string.Join("; ", names.Select(n => names.Length == 1 ? DataSources.IdxFix(n) : $"for {n}: {DataSources.IdxFix(n)}"));
        string other = !names.Contains("fashion-mnist") && IsInstalled("fashion-mnist") ? "; or run it with --data fashion-mnist, which is installed" : "";
        throw new MissingDataException(names.Length == 1
            ? $"The {lesson} lesson needs {names[0]}, which is not installed: {fixes}{other}."
            : $"The {lesson} lesson needs {string.Join(" or ", names)} and found neither: {fixes}{other}.");
    }
}
