using System.Text.RegularExpressions;

namespace Backprop.Cli.Playground;

/// <summary>
/// A CSV file uploaded to the page, kept in a folder of its own under the server's temporary folder, under its own
/// name, so that the CSV reader's errors name the file the user knows. Nothing but the CSV reader ever opens it.
/// </summary>
internal sealed partial record UploadedFile(string Name, string Path)
{
    /// <summary>The largest upload accepted: 10 MiB.</summary>
    public const long MaxBytes = 10 << 20;

    /// <summary>Stores <paramref name="content"/> as <paramref name="name"/> under <paramref name="root"/>.</summary>
    public static async Task<UploadedFile> SaveAsync(string name, Stream content, string root, CancellationToken cancel)
    {
        string fileName = System.IO.Path.GetFileName(name ?? "");
        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new BackpropException($"'{fileName}' is not a .csv file; the page reads CSV files only (a header row, then one sample per row).");
        fileName = SafeName().Replace(fileName, "_");
        string folder = System.IO.Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, fileName);
        await using (var file = File.Create(path))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancel)) > 0)
            {
                total += read;
                if (total > MaxBytes)
                    throw new BackpropException($"'{fileName}' is larger than {MaxBytes >> 20} MiB, the most the page accepts; train on it with 'backprop train --data {fileName}'.");
                await file.WriteAsync(buffer.AsMemory(0, read), cancel);
            }
        }
        return new UploadedFile(fileName, path);
    }

    /// <summary><paramref name="message"/> with the stored copy's path replaced by the file's own name.</summary>
    public string Clean(string message) => message.Replace(Path, Name, StringComparison.Ordinal);

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex SafeName();
}
