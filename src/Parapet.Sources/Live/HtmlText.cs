using System.Net;
using System.Text;

namespace Parapet.Sources.Live;

/// <summary>
/// The text a reader sees in an HTML fragment (a Mastodon status, a feed item's summary): tags dropped, block ends
/// and <c>&lt;br&gt;</c> as line breaks, entities decoded, script and style left out. Not a sanitizer: the result is
/// plain text, and Parapet encodes text wherever it shows it.
/// </summary>
public static class HtmlText
{
    private static readonly string[] BlockTags = ["p", "div", "br", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr"];
    private static readonly string[] SkippedTags = ["script", "style"];

    public static string ToText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var text = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                text.Append(html, i, html.Length - i);
                break;
            }

            text.Append(html, i, lt - i);
            if (lt + 1 >= html.Length || !(char.IsAsciiLetter(html[lt + 1]) || html[lt + 1] is '/' or '!' or '?'))
            {
                // "1 < 2": a '<' that starts no tag is text, as browsers read it.
                text.Append('<');
                i = lt + 1;
                continue;
            }

            var gt = html.IndexOf('>', lt + 1);
            if (gt < 0)
            {
                // A lone '<' is text, as browsers read it.
                text.Append(html, lt, html.Length - lt);
                break;
            }

            var name = TagName(html.AsSpan(lt + 1, gt - lt - 1), out var closing);
            if (!closing && SkippedTags.Contains(name))
            {
                var end = html.IndexOf($"</{name}", gt + 1, StringComparison.OrdinalIgnoreCase);
                var endGt = end < 0 ? -1 : html.IndexOf('>', end);
                i = endGt < 0 ? html.Length : endGt + 1;
                continue;
            }

            if (BlockTags.Contains(name))
            {
                text.Append('\n');
            }

            i = gt + 1;
        }

        return Tidy(WebUtility.HtmlDecode(text.ToString()));
    }

    private static string TagName(ReadOnlySpan<char> tag, out bool closing)
    {
        tag = tag.TrimStart();
        closing = tag.StartsWith("/");
        if (closing)
        {
            tag = tag[1..];
        }

        var end = 0;
        while (end < tag.Length && char.IsAsciiLetterOrDigit(tag[end]))
        {
            end++;
        }

        return tag[..end].ToString().ToLowerInvariant();
    }

    /// <summary>Runs of spaces become one space, runs of blank lines one line break, and the ends are trimmed.</summary>
    private static string Tidy(string text)
    {
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingBreak = false;
        foreach (var c in text)
        {
            if (c is '\n' or '\r')
            {
                pendingBreak = true;
                pendingSpace = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                pendingSpace = !pendingBreak;
            }
            else
            {
                if (result.Length > 0)
                {
                    if (pendingBreak)
                    {
                        result.Append('\n');
                    }
                    else if (pendingSpace)
                    {
                        result.Append(' ');
                    }
                }

                pendingBreak = pendingSpace = false;
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
