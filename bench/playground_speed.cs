#:package Microsoft.Playwright@1.64.1
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
// The playground's speed as a person sees it: frames per second drawn by the page and epochs per second trained by the
// server, for the page's default network (circle, 4-2 tanh, SGD, batches of 10), at "as fast as it goes" and at the
// default pace. Start the server first: backprop playground --port 5090 --no-browser
// Usage: dotnet run -c Release bench/playground_speed.cs [url] [seconds]   (Debian's chromium at /usr/bin/chromium)
using System.Globalization;
using Microsoft.Playwright;

string url = args.Length > 0 ? args[0] : "http://127.0.0.1:5090";
int seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
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
    await page.GotoAsync($"{url}/?speed={speed}");
    await page.WaitForFunctionAsync("() => document.getElementById('command').textContent.startsWith('backprop train')");
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
