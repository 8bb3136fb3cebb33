using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Parapet.Posts;
using Parapet.Server.Auth;
using Parapet.Server.Html;
using Parapet.Storage;
using Parapet.Watchlists;

namespace Parapet.Server.Watchlists;

internal sealed record WatchlistDocument(string? Path, string? Text, IReadOnlyList<string> Profiles, IReadOnlyList<string> Warnings);

internal sealed record WatchlistTestRequest(string Text);

internal sealed record WatchlistTestResponse(bool Valid, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings,
    int PostsTested, IReadOnlyList<ProfileTestResult> Profiles);

/// <summary>
/// <c>/api/watchlists</c> and the Watchlists page: view, validate, test against the posts the store holds now,
/// and save. A test's matches are shown while testing and kept nowhere.
/// </summary>
internal static class WatchlistEndpoints
{
    private const int RecentPosts = 5000;

    public static void MapWatchlists(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/watchlists").WithTags("Watchlists");
        api.MapGet("/", Get).WithName("GetWatchlist");
        api.MapPost("/test", (WatchlistTestRequest request, StoreConnections db, HttpContext ctx, AuditLog audit) => TypedResults.Ok(Test(request.Text, db, ctx, audit)))
            .WithName("TestWatchlist").RequireAuthorization(Roles.Policies.EditWatchlists);

        var pages = routes.MapGroup("/watchlists").ExcludeFromDescription();
        pages.MapGet("/", (HttpContext ctx, DashboardOptions options) => Editor(ctx, options, Read(options), null, null));
        pages.MapPost("/", Submit).RequireAuthorization(Roles.Policies.EditWatchlists);
    }

    private static Ok<WatchlistDocument> Get(DashboardOptions options)
    {
        var text = Read(options);
        var (profiles, warnings) = (new List<string>(), new List<string>());
        if (text is not null)
        {
            try
            {
                var w = WatchlistLoader.Parse(text, Path.GetFileName(options.WatchlistPath!));
                profiles.AddRange(w.Profiles.Select(p => p.Id));
                warnings.AddRange(w.Warnings);
            }
            catch (WatchlistException e)
            {
                warnings.AddRange(e.Errors);
            }
        }

        return TypedResults.Ok(new WatchlistDocument(options.WatchlistPath is null ? null : Path.GetFileName(options.WatchlistPath), text, profiles, warnings));
    }

    private static string? Read(DashboardOptions options) =>
        options.WatchlistPath is { } path && File.Exists(path) ? File.ReadAllText(path) : null;

    internal static WatchlistTestResponse Test(string text, StoreConnections db, HttpContext ctx, AuditLog audit)
    {
        Watchlist watchlist;
        try
        {
            watchlist = WatchlistLoader.Parse(text, "watchlist");
        }
        catch (WatchlistException e)
        {
            return new WatchlistTestResponse(false, e.Errors, [], 0, []);
        }

        var posts = Recent(db);
        audit.Append(ctx.User.Name(), "watchlist.test", detail: $"{watchlist.Profiles.Count} profiles against {posts.Count} recent posts");
        return new WatchlistTestResponse(true, [], watchlist.Warnings, posts.Count, WatchlistTester.Test(watchlist, posts));
    }

    /// <summary>The newest posts the store holds: only posts that mentioned a watched entity, within retention.</summary>
    private static List<Post> Recent(StoreConnections db)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "SELECT key, text, lang, source FROM posts ORDER BY seen_at DESC LIMIT @n");
        cmd.Add("n", RecentPosts);
        using var r = cmd.ExecuteReader();
        var posts = new List<Post>();
        while (r.Read())
        {
            posts.Add(new Post { Id = r.GetString(0)[..12], Text = r.GetString(1), Lang = Sql.Text(r, 2), Source = r.GetString(3) });
        }

        return posts;
    }

    private static IResult Submit(HttpContext ctx, DashboardOptions options, StoreConnections db, AuditLog audit,
        [FromForm] string? text, [FromForm] string? intent)
    {
        text ??= "";
        if (intent != "save")
        {
            return Editor(ctx, options, text, Test(text, db, ctx, audit), null);
        }

        if (options.WatchlistPath is not { } path)
        {
            return Editor(ctx, options, text, null, "This server runs without a watchlist file to save to.");
        }

        Watchlist saved;
        try
        {
            saved = WatchlistLoader.Parse(text, Path.GetFileName(path));
        }
        catch (WatchlistException e)
        {
            return Editor(ctx, options, text, new WatchlistTestResponse(false, e.Errors, [], 0, []), "Not saved: the watchlist has errors.");
        }

        // Write beside the file and move it over, so a crash never leaves half a watchlist.
        var temp = path + ".saving";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
        audit.Append(ctx.User.Name(), "watchlist.change", Path.GetFileName(path), $"{text.Length} characters, {saved.Profiles.Count} profiles");
        if (options.LiveWatchlist is { } live)
        {
            live.Replace(saved);
            return Editor(ctx, options, text, null, "Saved. New posts are matched with it from now on.");
        }

        return Editor(ctx, options, text, null, "Saved. The pipeline uses it from its next start.");
    }

    private static IResult Editor(HttpContext ctx, DashboardOptions options, string? text, WatchlistTestResponse? test, string? message)
    {
        var canEdit = Page.Allowed(ctx.User, Roles.Policies.EditWatchlists);
        var note = message is null ? Markup.Empty : Markup.Of($"""<p class="notice" role="status">{message}</p>""");
        var results = test is null ? Markup.Empty : TestResults(test);
        var form = canEdit
            ? Markup.Of($"""
                <form method="post" action="/watchlists">
                {Page.Antiforgery(ctx)}
                <textarea name="text" class="watchlist" spellcheck="false">{text ?? ""}</textarea>
                <p><button type="submit" name="intent" value="test">Test against recent posts</button>
                <button type="submit" name="intent" value="save">Save</button></p>
                </form>
                """)
            : Markup.Of($"""<pre class="watchlist">{text ?? "(no watchlist file)"}</pre>""");
        return Page.Render(ctx, "Watchlists", Markup.Of($"""
            <p class="muted">{(options.WatchlistPath is null ? "No watchlist file." : $"File: {Path.GetFileName(options.WatchlistPath)}")}</p>
            {note}
            {results}
            {form}
            """));
    }

    private static Markup TestResults(WatchlistTestResponse t)
    {
        if (!t.Valid)
        {
            return Markup.Of($"""<div class="error" role="alert"><p>The watchlist has errors:</p><ul>{Markup.Join(t.Errors, e => Markup.Of($"<li><pre>{e}</pre></li>"))}</ul></div>""");
        }

        return Markup.Of($"""
            <section id="test-results"><h2>Test against {t.PostsTested} recent posts</h2>
            {Markup.Join(t.Warnings, w => Markup.Of($"<p class=\"muted\">warning: {w}</p>"))}
            <table><thead><tr><th>Profile</th><th>Matches</th><th>Examples (shown only now, kept nowhere)</th></tr></thead><tbody>
            {Markup.Join(t.Profiles, p => Markup.Of($"<tr><td>{p.ProfileId}</td><td>{p.Matches}</td><td><ul>{Markup.Join(p.Samples, s => Markup.Of($"<li>{s.Text} <span class=\"muted\">[{string.Join(", ", s.MatchedWords)}]</span></li>"))}</ul></td></tr>"))}
            </tbody></table></section>
            """);
    }
}
