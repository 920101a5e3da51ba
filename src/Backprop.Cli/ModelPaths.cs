namespace Backprop.Cli;

/// <summary>Checks that a file option names the kind of file it takes, so a swapped pair of paths is one clear line.</summary>
internal static class ModelPaths
{
    public const string OnnxExtension = ".onnx", ModelExtension = ".safetensors";

    /// <summary>
    /// Throws unless <paramref name="path"/> ends in <paramref name="extension"/>; <paramref name="hint"/> says
    /// what to do instead when the path is the other kind of model file.
    /// </summary>
    public static void Expect(string option, string path, string extension, string hint)
    {
        if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return;
        if (Directory.Exists(path) || path.EndsWith('/') || path.EndsWith('\\'))
            throw new BackpropException($"{option} {path}: this is a folder; give a file name, such as {option} {System.IO.Path.Combine(path, "model" + extension)}.");
        string other = extension == OnnxExtension ? ModelExtension : OnnxExtension;
        if (path.EndsWith(other, StringComparison.OrdinalIgnoreCase))
            throw new BackpropException($"{option} {path}: this option takes a {extension} file, not a {other} file; {hint}.");
        throw new BackpropException($"{option} {path}: the file name must end in {extension}; try {option} {Path.ChangeExtension(path, extension)}.");
    }
}
