using System.Text.Json;
using Parapet.Analysis;

namespace Parapet.Cli.Commands;

/// <summary>
/// Writes the <c>classify</c> contract: one JSON object per post, field names fixed. <c>via</c> and <c>in_reply_to</c>
/// are added only for a post that replies to, quotes or mentions a watched account.
/// </summary>
internal static class ClassifyOutput
{
    public static void Write(Utf8JsonWriter json, PostAnalysis a)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, a.Post.Id);
        json.WriteStartArray("entities"u8);
        foreach (var e in a.Entities)
        {
            json.WriteStringValue(e);
        }

        json.WriteEndArray();
        json.WriteStartObject("sentiment"u8);
        json.WriteString("label"u8, a.Sentiment.Label.ToName());
        json.WriteStartObject("scores"u8);
        json.WriteNumber("negative"u8, Math.Round(a.Sentiment.Negative, 4));
        json.WriteNumber("neutral"u8, Math.Round(a.Sentiment.Neutral, 4));
        json.WriteNumber("positive"u8, Math.Round(a.Sentiment.Positive, 4));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("threat"u8);
        json.WriteString("label"u8, a.Threat.Label);
        json.WriteNumber("score"u8, Math.Round(a.Threat.Score, 4));
        if (a.Threat.Severity is { } severity)
        {
            json.WriteString("severity"u8, severity.ToName());
        }
        else
        {
            json.WriteNull("severity"u8);
        }

        json.WriteStartArray("reasons"u8);
        foreach (var r in a.Threat.Reasons)
        {
            json.WriteStringValue(r);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteBoolean("alert"u8, a.Alert);

        // Present only for a post that reached a profile through its accounts, so other output is unchanged.
        if (a.Links.Count > 0)
        {
            json.WriteStartArray("via"u8);
            foreach (var link in a.Links)
            {
                json.WriteStartObject();
                json.WriteString("entity"u8, link.Entity);
                json.WriteString("how"u8, link.Via.ToString().ToLowerInvariant());
                json.WriteString("account"u8, link.Account);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (a.Parent is { } parent)
        {
            json.WriteStartObject("in_reply_to"u8);
            json.WriteString("id"u8, parent.Id);
            json.WriteString("text"u8, parent.Text);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
