using System.Text.RegularExpressions;
using Parapet.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Parapet.Watchlists;

/// <summary>
/// Reads a watchlist from YAML or JSON (JSON is read as YAML, which keeps line numbers for both) and validates
/// it, collecting every problem instead of stopping at the first.
/// </summary>
public static partial class WatchlistLoader
{
    private static readonly HashSet<string> ProfileKeys = ["id", "name", "aliases", "places", "people", "accounts", "query", "exclude"];

    public static Watchlist Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WatchlistException([$"{path}: cannot read the watchlist: {e.Message}"]);
        }

        return Parse(text, path);
    }

    public static Watchlist Parse(string text, string fileName)
    {
        var errors = new List<string>();
        void Error(YamlNode? node, string message) =>
            errors.Add(node is null ? $"{fileName}: {message}" : $"{fileName}:{node.Start.Line}: {message}");

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new WatchlistException([$"{fileName}:{e.Start.Line}: not valid YAML or JSON: {Inner(e).Message}"]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new WatchlistException([$"{fileName}: expected a mapping with a 'profiles' list at the top"]);
        }

        var profiles = new List<WatchProfile>();
        if (!root.Children.TryGetValue(new YamlScalarNode("profiles"), out var profilesNode)
            || profilesNode is not YamlSequenceNode sequence)
        {
            throw new WatchlistException([$"{fileName}:{root.Start.Line}: expected a 'profiles' list"]);
        }

        foreach (var key in root.Children.Keys)
        {
            if (key is YamlScalarNode { Value: not "profiles" } unknown)
            {
                Error(unknown, $"unknown key '{unknown.Value}' (expected 'profiles')");
            }
        }

        var seenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenAccounts = new Dictionary<(AccountKind, string), (string Profile, int Line)>();
        var warnings = new List<string>();
        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode map)
            {
                Error(item, "each profile must be a mapping with id, name, aliases, places, people");
                continue;
            }

            foreach (var key in map.Children.Keys)
            {
                if (key is YamlScalarNode s && !ProfileKeys.Contains(s.Value ?? ""))
                {
                    Error(key, $"unknown key '{s.Value}' in a profile (expected one of: {string.Join(", ", ProfileKeys)})");
                }
            }

            var id = Scalar(map, "id", Error);
            var name = Scalar(map, "name", Error);
            if (id is not null && !IdPattern().IsMatch(id))
            {
                Error(map.Children[new YamlScalarNode("id")], $"profile id '{id}' must be lowercase letters, digits, '-' or '_'");
            }
            else if (id is not null && seenIds.TryGetValue(id, out var firstLine))
            {
                Error(map.Children[new YamlScalarNode("id")], $"duplicate profile id '{id}' (first used on line {firstLine})");
            }
            else if (id is not null)
            {
                seenIds[id] = (int)map.Start.Line;
            }

            var aliases = Names(map, "aliases", Error);
            var places = Names(map, "places", Error);
            var people = Names(map, "people", Error);
            var excludes = Names(map, "exclude", Error);
            var queries = Queries(map, id ?? "?", Error, warnings, fileName);
            var accounts = Accounts(map, id ?? "?", Error, seenAccounts);
            if (aliases.Count + places.Count + people.Count == 0 && !map.Children.ContainsKey(new YamlScalarNode("query"))
                && !map.Children.ContainsKey(new YamlScalarNode("accounts")))
            {
                Error(map, $"profile '{id ?? "?"}' has no names: give at least one of aliases, places, people, accounts, query");
            }

            if (id is not null && name is not null)
            {
                profiles.Add(new WatchProfile
                {
                    Id = id, Name = name, Aliases = aliases, Places = places, People = people, Queries = queries, Excludes = excludes,
                    Accounts = accounts,
                });
            }
        }

        if (sequence.Children.Count == 0)
        {
            Error(sequence, "'profiles' is empty");
        }

        if (errors.Count > 0)
        {
            throw new WatchlistException(errors);
        }

        return new Watchlist(profiles) { Warnings = warnings };
    }

    /// <summary>A profile's <c>query:</c>, one string or a list; each is parsed now so errors carry line and column.</summary>
    private static List<string> Queries(YamlMappingNode map, string profile, Action<YamlNode?, string> error, List<string> warnings, string fileName)
    {
        var queries = new List<string>();
        if (!map.Children.TryGetValue(new YamlScalarNode("query"), out var node))
        {
            return queries;
        }

        IEnumerable<YamlNode> entries = node is YamlSequenceNode list ? list.Children : [node];
        foreach (var entry in entries)
        {
            if (entry is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
            {
                error(entry, "'query' must be a string or a list of strings");
                continue;
            }

            try
            {
                var parsed = QueryParser.Parse(text);
                queries.Add(text);
                warnings.AddRange(QueryParser.Warnings(parsed).Select(w => $"{fileName}:{entry.Start.Line}: profile '{profile}': query {w}"));
            }
            catch (QueryException e)
            {
                error(entry, $"query error at column {e.Column + 1}: {e.Message}{Environment.NewLine}    {e.Pointer(text).Replace(Environment.NewLine, Environment.NewLine + "    ", StringComparison.Ordinal)}");
            }
        }

        return queries;
    }

    /// <summary>A profile's <c>accounts:</c>: DIDs, Bluesky handles, fediverse accounts or profile URLs, each in one profile only.</summary>
    private static List<WatchedAccount> Accounts(YamlMappingNode map, string profile, Action<YamlNode?, string> error,
        Dictionary<(AccountKind, string), (string Profile, int Line)> seen)
    {
        var accounts = new List<WatchedAccount>();
        if (!map.Children.TryGetValue(new YamlScalarNode("accounts"), out var node))
        {
            return accounts;
        }

        if (node is not YamlSequenceNode list)
        {
            error(node, "'accounts' must be a list of strings (DIDs, @handles or profile URLs)");
            return accounts;
        }

        foreach (var entry in list)
        {
            if (entry is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
            {
                error(entry, "'accounts' entries must be non-empty strings");
                continue;
            }

            if (WatchedAccount.Parse(value, out var problem) is not { } account)
            {
                error(entry, $"in 'accounts': {problem}");
                continue;
            }

            if (seen.TryGetValue((account.Kind, account.Key), out var first))
            {
                error(entry, first.Profile == profile
                    ? $"account '{value}' is listed twice (first on line {first.Line})"
                    : $"account '{value}' is already in profile '{first.Profile}' (line {first.Line}); an account belongs to one profile");
                continue;
            }

            seen[(account.Kind, account.Key)] = (profile, (int)entry.Start.Line);
            accounts.Add(account);
        }

        if (list.Children.Count == 0)
        {
            error(list, "'accounts' is empty; remove it or list the organization's accounts");
        }

        return accounts;
    }

    private static Exception Inner(Exception e) => e.InnerException is { } inner && inner.Message.Length > 0 ? inner : e;

    private static string? Scalar(YamlMappingNode map, string key, Action<YamlNode?, string> error)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            error(map, $"profile is missing '{key}'");
            return null;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } value } || string.IsNullOrWhiteSpace(value))
        {
            error(node, $"'{key}' must be a non-empty string");
            return null;
        }

        return value.Trim();
    }

    private static List<string> Names(YamlMappingNode map, string key, Action<YamlNode?, string> error)
    {
        var names = new List<string>();
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return names;
        }

        if (node is not YamlSequenceNode list)
        {
            error(node, $"'{key}' must be a list of strings");
            return names;
        }

        foreach (var entry in list)
        {
            if (entry is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
            {
                error(entry, $"'{key}' entries must be non-empty strings");
                continue;
            }

            var folded = TextNormalizer.Normalize(value);
            if (folded.Length < 2)
            {
                error(entry, $"'{value}' in '{key}' has fewer than 2 letters or digits after normalization and would match almost anything");
                continue;
            }

            names.Add(value.Trim());
        }

        return names;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex IdPattern();
}
