using Parapet.Text;

namespace Parapet.Watchlists;

/// <summary>
/// A watchlist query: <c>AND</c>, <c>OR</c>, <c>NOT</c>, parentheses, <c>"exact phrases"</c>, <c>NEAR/n</c> (within n
/// words, either order), <c>NEAR/nf</c> (in order), trailing wildcards (<c>threat*</c>), and the filters
/// <c>lang:</c>, <c>source:</c>, <c>has:link</c>. Words side by side mean AND. Terms are folded like names.
/// </summary>
public abstract record QueryNode
{
    /// <summary>A word, a phrase, or a word stem ending in '*'. <see cref="Words"/> are folded.</summary>
    public sealed record Term(string Text, string[] Words, bool Prefix) : QueryNode;

    public sealed record And(QueryNode Left, QueryNode Right) : QueryNode;

    public sealed record Or(QueryNode Left, QueryNode Right) : QueryNode;

    public sealed record Not(QueryNode Operand) : QueryNode;

    public sealed record Near(QueryNode Left, QueryNode Right, int Distance, bool Ordered) : QueryNode;

    public sealed record Filter(string Field, string Value) : QueryNode;

    public IEnumerable<Term> Terms() => this switch
    {
        Term t => [t],
        And a => a.Left.Terms().Concat(a.Right.Terms()),
        Or o => o.Left.Terms().Concat(o.Right.Terms()),
        Not n => n.Operand.Terms(),
        Near n => n.Left.Terms().Concat(n.Right.Terms()),
        _ => [],
    };
}

/// <summary>A query that cannot be read: where (0-based column) and why.</summary>
public sealed class QueryException(string message, int column) : Exception(message)
{
    public int Column { get; } = column;

    /// <summary>The query with a caret under the problem.</summary>
    public string Pointer(string query) => $"{query}{Environment.NewLine}{new string(' ', Column)}^";
}

public static class QueryParser
{
    public const int MinimumStem = 3;

    private static readonly HashSet<string> Sources = ["bluesky", "mastodon", "rss", "replay"];

    public static QueryNode Parse(string query)
    {
        var tokens = Lex(query);
        var position = 0;
        var node = ParseOr(tokens, ref position, query);
        if (position < tokens.Count)
        {
            var t = tokens[position];
            throw new QueryException(t.Text == ")" ? "unmatched ')'" : $"unexpected '{t.Text}'", t.Column);
        }

        return node;
    }

    /// <summary>Whether a folded word is among the most common English and Spanish words (and watchlist staples).</summary>
    public static bool IsCommonWord(string word) => CommonWords.Contains(word);

    /// <summary>Problems that do not stop a query from working but probably are not what was meant.</summary>
    public static IEnumerable<string> Warnings(QueryNode node)
    {
        if (!HasPositiveTerm(node))
        {
            yield return "can never match: it has no word that must be present (NOT and filters alone select nothing)";
        }

        if (node is QueryNode.Term { Words.Length: 1 } lone && !lone.Prefix && CommonWords.Contains(lone.Words[0]))
        {
            yield return $"too broad: '{lone.Text}' alone is one of the most common words";
        }

        if (node is QueryNode.Term { Prefix: true } stem)
        {
            yield return $"too broad: '{stem.Text}' alone matches every word starting with '{stem.Words[0]}'";
        }

        foreach (var field in new[] { "lang", "source" })
        {
            var required = RequiredValues(node, field).Distinct().ToList();
            if (required.Count > 1)
            {
                yield return $"can never match: it requires {field}:{string.Join($" and {field}:", required)} at once";
            }
        }
    }

    /// <summary>Whether the query can be satisfied by words the post contains (it has a term not under NOT).</summary>
    private static bool HasPositiveTerm(QueryNode node) => node switch
    {
        QueryNode.Term => true,
        QueryNode.And a => HasPositiveTerm(a.Left) || HasPositiveTerm(a.Right),
        QueryNode.Or o => HasPositiveTerm(o.Left) && HasPositiveTerm(o.Right),
        QueryNode.Near => true,
        _ => false,
    };

    private static IEnumerable<string> RequiredValues(QueryNode node, string field) => node switch
    {
        QueryNode.Filter f when f.Field == field => [f.Value],
        QueryNode.And a => RequiredValues(a.Left, field).Concat(RequiredValues(a.Right, field)),
        _ => [],
    };

    private static QueryNode ParseOr(List<Lexeme> tokens, ref int position, string query)
    {
        var left = ParseAnd(tokens, ref position, query);
        while (position < tokens.Count && tokens[position].Text == "OR")
        {
            position++;
            left = new QueryNode.Or(left, ParseAnd(tokens, ref position, query));
        }

        return left;
    }

    private static QueryNode ParseAnd(List<Lexeme> tokens, ref int position, string query)
    {
        var left = ParseNear(tokens, ref position, query);
        while (position < tokens.Count && tokens[position].Text is not ("OR" or ")"))
        {
            if (tokens[position].Text == "AND")
            {
                position++;
            }

            left = new QueryNode.And(left, ParseNear(tokens, ref position, query));
        }

        return left;
    }

    private static QueryNode ParseNear(List<Lexeme> tokens, ref int position, string query)
    {
        var left = ParseUnary(tokens, ref position, query);
        while (position < tokens.Count && tokens[position].Text.StartsWith("NEAR", StringComparison.Ordinal))
        {
            var op = tokens[position];
            var spec = op.Text.Length > 5 && op.Text[4] == '/' ? op.Text[5..] : "";
            var ordered = spec.EndsWith('f');
            if (!int.TryParse(ordered ? spec[..^1] : spec, out var distance) || distance < 1 || distance > 1000)
            {
                throw new QueryException($"'{op.Text}' needs a distance: NEAR/n or NEAR/nf with n from 1 to 1000", op.Column);
            }

            position++;
            var right = ParseUnary(tokens, ref position, query);
            if (!IsPositional(left) || !IsPositional(right))
            {
                throw new QueryException("NEAR joins words, phrases or OR-groups of them", op.Column);
            }

            left = new QueryNode.Near(left, right, distance, ordered);
        }

        return left;
    }

    private static bool IsPositional(QueryNode node) => node switch
    {
        QueryNode.Term => true,
        QueryNode.Or o => IsPositional(o.Left) && IsPositional(o.Right),
        _ => false,
    };

    private static QueryNode ParseUnary(List<Lexeme> tokens, ref int position, string query)
    {
        if (position >= tokens.Count)
        {
            throw new QueryException(tokens.Count == 0 ? "the query is empty" : "the query ends where a word was expected", query.Length);
        }

        var t = tokens[position++];
        switch (t.Text)
        {
            case "NOT":
                return new QueryNode.Not(ParseUnary(tokens, ref position, query));
            case "(":
                var inner = ParseOr(tokens, ref position, query);
                if (position >= tokens.Count || tokens[position].Text != ")")
                {
                    throw new QueryException("'(' is never closed", t.Column);
                }

                position++;
                return inner;
            case ")" or "AND" or "OR":
                throw new QueryException($"'{t.Text}' where a word was expected", t.Column);
        }

        if (t.Text.StartsWith("NEAR", StringComparison.Ordinal) && !t.Quoted)
        {
            throw new QueryException($"'{t.Text}' where a word was expected", t.Column);
        }

        if (!t.Quoted && t.Text.IndexOf(':') is var colon and > 0)
        {
            return ParseFilter(t, t.Text[..colon].ToLowerInvariant(), t.Text[(colon + 1)..].ToLowerInvariant());
        }

        var prefix = !t.Quoted && t.Text.EndsWith('*');
        var text = prefix ? t.Text[..^1] : t.Text;
        if (text.Contains('*', StringComparison.Ordinal))
        {
            throw new QueryException("'*' is allowed only at the end of a word", t.Column + text.IndexOf('*', StringComparison.Ordinal));
        }

        var words = TextNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            throw new QueryException($"'{t.Text}' has no letters or digits", t.Column);
        }

        if (prefix && (words.Length > 1 || words[0].Length < MinimumStem))
        {
            throw new QueryException($"a wildcard needs one word of at least {MinimumStem} letters before '*'", t.Column);
        }

        return new QueryNode.Term(t.Text, words, prefix);
    }

    private static QueryNode ParseFilter(Lexeme t, string field, string value)
    {
        switch (field)
        {
            case "lang" when value.Length is >= 2 and <= 8 && value.All(char.IsAsciiLetter):
                return new QueryNode.Filter("lang", value);
            case "lang":
                throw new QueryException($"'{t.Text}': lang: takes a language code such as lang:es", t.Column);
            case "source" when Sources.Contains(value):
                return new QueryNode.Filter("source", value);
            case "source":
                throw new QueryException($"'{t.Text}': source: is one of {string.Join(", ", Sources)}", t.Column);
            case "has" when value == "link":
                return new QueryNode.Filter("has", "link");
            case "has":
                throw new QueryException($"'{t.Text}': the only has: filter is has:link", t.Column);
            default:
                throw new QueryException($"unknown filter '{field}:' (filters: lang:, source:, has:link)", t.Column);
        }
    }

    private static List<Lexeme> Lex(string query)
    {
        var tokens = new List<Lexeme>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new Lexeme(c.ToString(), i, false));
                i++;
            }
            else if (c == '"')
            {
                var end = query.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new QueryException("'\"' is never closed", i);
                }

                tokens.Add(new Lexeme(query[(i + 1)..end], i, true));
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] is not ('(' or ')' or '"'))
                {
                    i++;
                }

                tokens.Add(new Lexeme(query[start..i], start, false));
            }
        }

        return tokens;
    }

    private sealed record Lexeme(string Text, int Column, bool Quoted);

    private static readonly HashSet<string> CommonWords =
    [
        "the", "a", "an", "and", "or", "of", "to", "in", "is", "it", "you", "that", "he", "she", "was", "for", "on",
        "are", "with", "as", "i", "his", "they", "be", "at", "one", "have", "this", "from", "by", "not", "but",
        "what", "all", "were", "we", "when", "your", "can", "said", "there", "use", "each", "which", "do", "how",
        "if", "will", "up", "out", "about", "so", "them", "me", "my", "no", "just", "like", "people", "new", "good",
        "time", "day", "today", "now", "get", "go", "school", "office", "center", "city", "county", "state",
        "police", "board", "agents", "agent", "clinic", "hospital", "election", "elections", "agency", "district",
        "workers", "staff", "union", "department", "public", "government", "court", "officers", "news",
        "el", "la", "los", "las", "de", "que", "y", "en", "un", "una", "es", "por", "con", "para", "no", "se", "lo",
        "le", "su", "al", "del", "mas", "pero", "como", "hoy", "muy", "ya", "escuela", "oficina", "centro",
        "policia", "hospital", "gobierno", "elecciones", "agentes", "trabajadores",
    ];
}
