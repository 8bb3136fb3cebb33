using System.Text.Json;

namespace Parapet.Bench;

internal enum NameKind
{
    Alias,
    Place,
    Person,
}

internal sealed record WatchedName(string ProfileId, NameKind Kind, string Text);

/// <summary>
/// Reads the names out of a watchlist with a line-based parse: the benchmark only needs the one-line
/// `aliases:`/`places:`/`people:` arrays, and keeping YAML packages out keeps this project standalone.
/// </summary>
internal static class WatchlistNames
{
    public static IReadOnlyList<WatchedName> Load(string path)
    {
        var names = new List<WatchedName>();
        string profile = "";
        foreach (string raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.StartsWith("- id:", StringComparison.Ordinal))
            {
                profile = line["- id:".Length..].Trim();
                continue;
            }

            NameKind? kind = line switch
            {
                _ when line.StartsWith("aliases:", StringComparison.Ordinal) => NameKind.Alias,
                _ when line.StartsWith("places:", StringComparison.Ordinal) => NameKind.Place,
                _ when line.StartsWith("people:", StringComparison.Ordinal) => NameKind.Person,
                _ => null,
            };
            if (kind is null)
            {
                continue;
            }

            string array = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            try
            {
                using var doc = JsonDocument.Parse(array);
                foreach (var item in doc.RootElement.EnumerateArray())
                {
                    string? text = item.GetString();
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        names.Add(new WatchedName(profile, kind.Value, text));
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new FormatException($"{path}: expected a one-line JSON-style array in \"{line}\"", ex);
            }
        }

        return names;
    }
}
