using Backprop.Playground;
using Microsoft.AspNetCore.StaticFiles;

namespace Backprop.Cli.Playground;

/// <summary>
/// The playground as a static site: the page, its script and the engine compiled to WebAssembly (src/Backprop.Web,
/// published beside this program as playground-site/), with each file's brotli copy beside it, and the lessons' pages
/// rendered into lessons/ when the site is exported.
/// </summary>
internal static class PlaygroundSite
{
    /// <summary>The published site beside this program.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "playground-site");

    /// <summary>The types the site's files are served with; .wasm must be application/wasm for the browser to compile it as it streams.</summary>
    public static readonly FileExtensionContentTypeProvider ContentTypes = new()
    {
        Mappings = { [".wasm"] = "application/wasm", [".dat"] = "application/octet-stream", [".json"] = "application/json", [".mjs"] = "text/javascript" },
    };

    /// <summary>The published site, or a one-line error saying how to make it.</summary>
    public static string Find() => File.Exists(Path.Combine(Folder, "index.html")) ? Folder
        : throw new BackpropException($"The playground's site is missing from {Folder}; build the backprop command again (it publishes src/Backprop.Web).");

    /// <summary>Writes the static site to <paramref name="folder"/>: the published files and every lesson's page. Returns the files written.</summary>
    public static int Export(string folder, TextWriter output)
    {
        string site = Find();
        if (File.Exists(folder)) throw new BackpropException($"--export-site {folder}: that is a file; give a folder (new or empty) for the site.");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !File.Exists(Path.Combine(folder, "index.html")))
            throw new BackpropException($"--export-site {folder}: the folder is not empty and holds no earlier site; give a new or empty folder.");
        int count = 0;
        foreach (string file in Directory.EnumerateFiles(site, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(folder, Path.GetRelativePath(site, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            count++;
        }
        // The lessons run here, once, as the served page runs them on first use; one that cannot run here says why.
        string lessons = Path.Combine(folder, "lessons");
        Directory.CreateDirectory(lessons);
        var files = LessonPages.Names().Select(n => n + ".json").Append(LessonPages.BackpropByHandFile);
        File.WriteAllText(Path.Combine(lessons, "index.json"), LessonPages.Json(LessonPages.List()));
        count++;
        foreach (string file in files)
        {
            File.WriteAllText(Path.Combine(lessons, file), LessonPages.Json(LessonPages.File(file)!));
            count++;
        }
        output.WriteLine($"Wrote the playground's static site to {folder} ({count} files). Serve it with any static file server, e.g. " +
                         $"python3 -m http.server --directory {Shell.Quote(folder)} 8000, and open http://127.0.0.1:8000/.");
        return count;
    }
}
