using System.Net;
using System.ServiceModel.Syndication;
using System.Threading.Channels;
using System.Xml;
using Microsoft.Extensions.Logging;
using Parapet.Pipeline;
using Parapet.Posts;
using Parapet.Sources.Live;

namespace Parapet.Sources.Rss;

/// <summary>
/// Polls one RSS 2.0 or Atom 1.0 feed with conditional GETs (<c>If-None-Match</c>, <c>If-Modified-Since</c>) and hands
/// each new or changed item to the pipeline as a Parapet post (id: the item's id, or its link).
/// Feeds carry no deletions: an item that drops out of a feed has rolled off, not been deleted.
/// </summary>
public sealed partial class RssSource(string name, FeedOptions options, HttpClient http, TimeProvider time, ILogger<RssSource> logger)
    : IPostSource, IReportsStatus
{
    private readonly SourceHealth _health = new(name, time);
    private readonly Random _random = new();

    // The items of the last good poll and a hash of what each said: an unchanged item is not sent again.
    private Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private string? _etag;
    private DateTimeOffset? _lastModified;
    private long _lineNumber;

    public string Name { get; } = name;

    public SourceStatus Status() => _health.Status();

    public async Task RunAsync(ChannelWriter<SourceLine> output, CancellationToken cancellationToken)
    {
        using var meter = _health.Publish();
        _health.SetState(SourceStates.Polling, options.Url.ToString());
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    _health.SetState(SourceStates.Polling);
                    wait = await PollAsync(output, cancellationToken).ConfigureAwait(false) is { } serverWait
                        ? Failed(ref failures, serverWait)
                        : Succeeded(ref failures);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or XmlException or TaskCanceledException
                    or FeedException or InvalidOperationException)
                {
                    var message = e is TaskCanceledException ? $"no answer within {options.RequestTimeout.TotalSeconds:0} s" : e.Message;
                    _health.Error(message);
                    LogFailed(options.Url, message);
                    wait = Failed(ref failures, null);
                }

                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _health.SetState(SourceStates.Ended);
        }
    }

    private TimeSpan Succeeded(ref int failures)
    {
        failures = 0;
        _health.SetState(SourceStates.Polling);
        return options.Interval;
    }

    private TimeSpan Failed(ref int failures, TimeSpan? serverWait)
    {
        failures++;
        _health.SetState(SourceStates.BackingOff);
        var wait = options.Backoff.Delay(failures, _random);
        if (wait > options.Interval)
        {
            wait = options.Interval;
        }

        return serverWait > wait ? serverWait.Value : wait;
    }

    /// <summary>One conditional GET. Returns null when it worked, or how long to wait when it did not.</summary>
    private async Task<TimeSpan?> PollAsync(ChannelWriter<SourceLine> output, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
        request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8");
        if (_etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", _etag);
        }

        if (_lastModified is { } since)
        {
            request.Headers.IfModifiedSince = since;
        }

        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            LogNotModified(options.Url);
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            var problem = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            _health.Error(problem);
            LogFailed(options.Url, problem);
            return RetryAfter.From(response.Headers, time.GetUtcNow()) ?? TimeSpan.Zero;
        }

        if (response.Content.Headers.ContentLength > options.MaxFeedBytes)
        {
            throw new FeedException($"the feed is {response.Content.Headers.ContentLength} bytes, over the {options.MaxFeedBytes}-byte limit");
        }

        var body = await ReadLimitedAsync(response.Content, linked.Token).ConfigureAwait(false);
        var feed = Load(body);
        _etag = response.Headers.ETag?.ToString();
        _lastModified = response.Content.Headers.LastModified;
        await EmitAsync(feed, output, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<MemoryStream> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            int n;
            while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + n > options.MaxFeedBytes)
                {
                    throw new FeedException($"the feed is over the {options.MaxFeedBytes}-byte limit");
                }

                body.Write(buffer, 0, n);
            }
        }

        body.Position = 0;
        return body;
    }

    private static SyndicationFeed Load(Stream body)
    {
        // No DTDs and no external entities: a feed is untrusted input.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = false };
        using var reader = XmlReader.Create(body, settings);
        return SyndicationFeed.Load(reader) ?? throw new FeedException("the document is not an RSS or Atom feed");
    }

    private async Task EmitAsync(SyndicationFeed feed, ChannelWriter<SourceLine> output, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var overlap = 0;
        foreach (var item in feed.Items)
        {
            if (ToPost(feed, item) is not { } post)
            {
                _health.Error("a feed item without an id or a link was skipped");
                continue;
            }

            var hash = HashCode.Combine(post.Text, post.Uri);
            if (_seen.TryGetValue(post.Id, out var before))
            {
                overlap++;
                if (before == hash)
                {
                    seen[post.Id] = hash;
                    continue;
                }

                post = post with { Edited = true };
            }

            seen[post.Id] = hash;
            _health.Event(post.CreatedAt);
            await output.WriteAsync(new SourceLine(Name, ++_lineNumber, PostLines.Post(post)), cancellationToken).ConfigureAwait(false);
        }

        if (_seen.Count > 0 && seen.Count > 0 && overlap == 0)
        {
            // Nothing of the last poll is left in the feed: items may have come and rolled off in between.
            _health.Gap();
            LogGap(options.Url);
        }

        _seen = seen;
    }

    internal static Post? ToPost(SyndicationFeed feed, SyndicationItem item)
    {
        var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.GetAbsoluteUri()?.ToString()
            ?? item.Links.FirstOrDefault()?.GetAbsoluteUri()?.ToString();
        var id = string.IsNullOrWhiteSpace(item.Id) ? link : item.Id.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var title = TextOf(item.Title);
        var body = item.Content is TextSyndicationContent content ? TextOf(content) : TextOf(item.Summary);
        var text = string.IsNullOrEmpty(body) ? title : string.IsNullOrEmpty(title) ? body : $"{title}\n\n{body}";
        var published = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime != default ? item.LastUpdatedTime : (DateTimeOffset?)null;
        return new Post
        {
            Id = id,
            Text = text,
            Lang = string.IsNullOrWhiteSpace(feed.Language) ? null : feed.Language.Trim(),
            CreatedAt = published,
            Author = item.Authors.Select(a => a.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)),
            Uri = link,
            Source = "rss",
        };
    }

    private static string TextOf(TextSyndicationContent? content) =>
        content is null ? "" : content.Type is "html" or "xhtml" || content.Text.Contains('<') ? HtmlText.ToText(content.Text) : content.Text.Trim();

    private sealed class FeedException(string message) : Exception(message);

    [LoggerMessage(LogLevel.Warning, "RSS: {Url} failed: {Problem}")]
    private partial void LogFailed(Uri url, string problem);

    [LoggerMessage(LogLevel.Debug, "RSS: {Url} not modified")]
    private partial void LogNotModified(Uri url);

    [LoggerMessage(LogLevel.Warning, "RSS: {Url} shares no item with the last poll; items may have been missed (poll more often)")]
    private partial void LogGap(Uri url);
}
