#:package Microsoft.Playwright@1.64.1
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
// The playground's speed as a person sees it: the time until the page can train, frames per second drawn by the page
// and epochs per second trained by its engine (WebAssembly, in the page's worker), for the page's default network
// (circle, 4-2 tanh, SGD, batches of 10) or the settings of a link, at "as fast as it goes" and at the default pace.
// Serve the site first: backprop playground --port 5090 --no-browser, or any static server on an exported site.
// Usage: dotnet run -c Release bench/playground_speed.cs [url] [seconds] [link settings, e.g. layers=8,8,8,8,8,8]
//        (Debian's chromium at /usr/bin/chromium)
using System.Globalization;
using Microsoft.Playwright;

string url = args.Length > 0 ? args[0] : "http://127.0.0.1:5090";
int seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
string link = args.Length > 2 ? "&" + args[2] : "";
string profile = Directory.CreateTempSubdirectory("playground-speed-").FullName;
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
{
    ExecutablePath = "/usr/bin/chromium", Headless = true, ViewportSize = new() { Width = 1400, Height = 1000 },
    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
foreach (string speed in new[] { "0", "30" })
{
    var page = await browser.NewPageAsync();
    var loading = System.Diagnostics.Stopwatch.StartNew();
    await page.GotoAsync($"{url}/?speed={speed}{link}");
    await page.WaitForFunctionAsync("() => document.getElementById('command').textContent.startsWith('backprop train')");
    Console.WriteLine($"ready to train {loading.ElapsedMilliseconds} ms after the address was opened (the engine started in " +
                      $"{await page.GetAttributeAsync("body", "data-engine-milliseconds")} ms)");
    await page.ClickAsync("#play");
    await page.WaitForTimeoutAsync(2000);   // past the first second's partial count
    int epoch0 = int.Parse((await page.GetAttributeAsync("#epoch", "data-epoch"))!, CultureInfo.InvariantCulture);
    var fps = new List<int>();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    for (int s = 0; s < seconds; s++)
    {
        await page.WaitForTimeoutAsync(1000);
        fps.Add(int.Parse((await page.GetAttributeAsync("#fps", "data-fps"))!, CultureInfo.InvariantCulture));
    }
    int epoch1 = int.Parse((await page.GetAttributeAsync("#epoch", "data-epoch"))!, CultureInfo.InvariantCulture);
    fps.Sort();
    Console.WriteLine($"speed {(speed == "0" ? "as fast as it goes" : speed + " epochs/s")}: {(epoch1 - epoch0) / clock.Elapsed.TotalSeconds:F0} epochs/s, " +
                      $"frames/s median {fps[fps.Count / 2]} (min {fps[0]}, max {fps[^1]}) over {seconds} one-second counts");
    await page.ClickAsync("#play");
    await page.CloseAsync();
}
Directory.Delete(profile, recursive: true);
