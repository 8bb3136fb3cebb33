using System.Text;
using Parapet.Analysis;
using Parapet.Pipeline;

namespace Parapet.Cli;

/// <summary>Shows each new alert in the terminal as it is stored.</summary>
internal sealed class TerminalAlertSink(TextWriter writer, bool color) : IAlertSink
{
    public Task EmitAsync(AlertNotice alert, CancellationToken cancellationToken)
    {
        var a = alert.Analysis;
        var severity = a.Threat.Severity?.ToName() ?? "concerning";
        var (on, off) = color ? (severity switch
        {
            "imminent" => "\e[1;41;97m",
            "credible" => "\e[1;31m",
            _ => "\e[1;33m",
        }, "\e[0m") : ("", "");
        var text = new StringBuilder()
            .Append(on).Append($"ALERT #{alert.AlertId} {severity.ToUpperInvariant()}").Append(off)
            .Append($"  {string.Join(", ", a.AlertEntities)}  {alert.RaisedAt:HH:mm:ss}").AppendLine()
            .Append("  “").Append(TerminalText.Safe(a.Post.Text, 280)).Append('”').AppendLine();
        if (a.Parent is { } parent)
        {
            text.Append("  in reply to “").Append(TerminalText.Safe(parent.Text, 200)).Append('”').AppendLine();
        }

        foreach (var reason in a.Threat.Reasons)
        {
            text.Append("  · ").Append(TerminalText.Safe(reason, 200)).AppendLine();
        }

        if (a.Post.Uri is { } uri)
        {
            text.Append("  ").Append(TerminalText.Safe(uri, 200)).AppendLine();
        }

        lock (writer)
        {
            writer.WriteLine(text.ToString());
        }

        return Task.CompletedTask;
    }
}

/// <summary>Post text is hostile: no control characters, escape sequences or direction overrides reach the terminal.</summary>
internal static class TerminalText
{
    public static string Safe(string text, int maxChars)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxChars + 1));
        foreach (var rune in text.EnumerateRunes())
        {
            if (sb.Length >= maxChars)
            {
                sb.Append('…');
                break;
            }

            var c = rune.Value;
            var unsafeChar = Rune.IsControl(rune)
                || c is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 or 0x200E or 0x200F or 0x061C;
            if (unsafeChar)
            {
                sb.Append(c is '\n' or '\r' or '\t' ? ' ' : '\uFFFD');
            }
            else
            {
                sb.Append(rune.ToString());
            }
        }

        return sb.ToString();
    }
}
