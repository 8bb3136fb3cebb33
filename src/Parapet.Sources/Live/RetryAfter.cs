using System.Globalization;

namespace Parapet.Sources.Live;

/// <summary>An HTTP <c>Retry-After</c> value (seconds or an HTTP date), as a wait from now, capped.</summary>
public static class RetryAfter
{
    /// <summary>A server asking for longer than this is waited on this long only; a bad clock must not park a source for days.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(10);

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Min(TimeSpan.FromSeconds(seconds));
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return Min(at > now ? at - now : TimeSpan.Zero);
        }

        return null;
    }

    public static TimeSpan? From(System.Net.Http.Headers.HttpResponseHeaders headers, DateTimeOffset now) =>
        headers.RetryAfter switch
        {
            { Delta: { } delta } => Min(delta),
            { Date: { } date } => Min(date > now ? date - now : TimeSpan.Zero),
            _ => null,
        };

    private static TimeSpan Min(TimeSpan wait) => wait < Cap ? wait : Cap;
}
