using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Parapet.Tests.Server;

/// <summary>
/// The dashboard served by Kestrel on a free loopback port, and Debian's chromium driven by Playwright. The
/// browser is never downloaded: Playwright's driver ships inside its NuGet package, the browser comes from apt.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    internal ParapetFactory Factory { get; } = new();

    internal IBrowser Browser { get; private set; } = null!;

    internal string BaseUrl { get; private set; } = "";

    /// <summary>Where the screenshots of each page go: docs/screenshots in the repository.</summary>
    internal static string Screenshots => RepoPaths.Combine("docs", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (test.sh does: apt-get install -y chromium)");
        }

        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A fresh browser context signed in through the login page.</summary>
    internal async Task<IPage> SignedInAsync(string role, string? screenshot = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        // A loaded machine can take a while to start a page; the waits are for correctness, not speed.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=name]", role);
        await page.FillAsync("input[name=password]", ParapetFactory.Password);
        if (screenshot is not null)
        {
            await Shoot(page, screenshot);
        }

        await page.ClickAsync("button[type=submit]");
        // Wait for the redirect to commit and the page's header to render, not for the "load" lifecycle event:
        // chromium has been seen to leave that event unreported after a form's POST-redirect-GET.
        await page.WaitForURLAsync(BaseUrl + "/", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("header").WaitForAsync();
        return page;
    }

    internal static Task Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
