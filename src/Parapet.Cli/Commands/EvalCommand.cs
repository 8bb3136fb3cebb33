using System.Globalization;
using System.Text;
using System.Text.Json;
using Parapet.Analysis;
using Parapet.Analysis.Models;
using Parapet.Analysis.Vader;
using Parapet.Matching;
using Parapet.Posts;
using Parapet.Watchlists;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet eval [--data DIR] [--corpus DIR] [--write FILE]</c>, or <c>parapet eval --dev | --dev2 | --dev3 | --dev4 | --dev5 | --set FILE [--watchlist FILE]</c>
/// for a development split with its wrong verdicts listed: measures the detectors on labeled data they were
/// not built from: the held-out threat corpus, HateCheck's threat functionalities against its non-threat ones, and
/// TweetEval sentiment test. Prints a markdown table and, with --write, saves it with the command that made it.
/// </summary>
internal static class EvalCommand
{
    private static readonly string[] HateCheckNonThreats =
        ["counter_quote_nh", "counter_ref_nh", "profanity_nh", "negate_neg_nh"];

    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--data", "--corpus", "--write", "--set", "--watchlist"], ["--dev", "--dev2", "--dev3", "--dev4", "--dev5"]);
        var root = RepositoryPaths.Root() ?? Directory.GetCurrentDirectory();
        var data = args.Value("--data") ?? Path.Combine(root, "..", "shared", "data");
        var corpus = args.Value("--corpus") ?? Path.Combine(root, "corpus", "threats");
        var set = args.Value("--set") ?? (args.Flag("--dev") ? Path.Combine(corpus, "dev.jsonl")
            : args.Flag("--dev2") ? Path.Combine(corpus, "dev2.jsonl")
            : args.Flag("--dev3") ? Path.Combine(corpus, "dev3.jsonl")
            : args.Flag("--dev4") ? Path.Combine(corpus, "dev4.jsonl")
            : args.Flag("--dev5") ? Path.Combine(corpus, "dev5.jsonl") : null);
        if (set is not null)
        {
            if (Path.GetFileNameWithoutExtension(set).Equals("heldout", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException("the held-out split is read only for the table; its wrong verdicts are not listed");
            }

            // dev4 names the same identity groups as dev3, so it reads dev3's watchlist.
            var watchlist = args.Value("--watchlist")
                ?? (args.Flag("--dev4") ? Path.Combine(corpus, "dev3-watchlist.yaml") : Path.ChangeExtension(set, null) + "-watchlist.yaml");
            return Development(set, watchlist);
        }

        if (!Directory.Exists(data))
        {
            throw new UsageException($"no labeled data at '{data}'; pass --data DIR (the folder holding tweeteval/ and hatecheck/)");
        }

        var report = new StringBuilder();
        report.AppendLine("| measure | detector | data | n | value | target |").AppendLine("|---|---|---|---|---|---|");
        var detectors = new List<(string Name, LinearModel? Model)> { ("rules", null) };
        if (ThreatModel.Shipped is { } shipped)
        {
            detectors.Add(("rules + model", shipped));
        }

        foreach (var (name, model) in detectors)
        {
            HeldOutCorpus(corpus, name, model, report);
            HateCheck(Path.Combine(data, "hatecheck"), name, model, report);
        }

        var sentiments = new List<(string Name, ISentimentAnalyzer Analyzer)> { ("VADER", VaderSentimentAnalyzer.Shared) };
        if (ModelSentimentAnalyzer.Shipped is ModelSentimentAnalyzer trained)
        {
            sentiments.Add(("model", trained));
        }

        foreach (var (name, analyzer) in sentiments)
        {
            TweetEvalSentiment(Path.Combine(data, "tweeteval", "sentiment"), name, analyzer, report);
            SpanishSentiment(Path.Combine(root, "corpus", "sentiment-es", "heldout.jsonl"), name, analyzer, report);
        }

        var table = report.ToString();
        Console.Write(table);
        if (args.Value("--write") is { } path)
        {
            var trainedCount = Directory.GetFiles(corpus, "train*.jsonl").Sum(f => File.ReadLines(f).Count(l => l.Length > 0))
                .ToString("N0", CultureInfo.InvariantCulture);
            File.WriteAllText(path, $"""
                # Detection quality

                Reproduce with `dotnet run --project src/Parapet.Cli -c Release -- eval --write {path}` from the
                repository root, with the public datasets in `../shared/data` (or pass `--data DIR`). The models
                it measures are the ones shipped in `src/Parapet.Core/Analysis/Models/`, which
                `dotnet run --project src/Parapet.Cli -c Release -- train` reproduces from `corpus/` and
                `../shared/data` (a test checks that it does).

                - **Threats, held-out corpus**: `corpus/threats/heldout.jsonl` — 800 posts (33% Spanish) about ten
                  organizations of its own (`heldout-watchlist.yaml`), written apart from the training files and
                  never trained or tuned on. Alerts are counted, so a threat must also be aimed at the post's
                  entity. "Harsh-protected" is criticism, insults, protest, calls to resign, satire, wishes of job
                  loss, condemnations and know-your-rights posts; "news and ordinary" is reported speech, sports
                  and idioms, neutral posts and posts where violent words aim at something else.
                - **Threats, development corpus**: `corpus/threats/dev.jsonl` — 900 posts (36% Spanish) about
                  twelve other organizations, used to work on rules and lexicons (`parapet eval --dev` lists every
                  wrong verdict). It is not in this table: its numbers are tuned, the held-out ones are not.
                - **Threats, second development corpus**: `corpus/threats/dev2.jsonl` — 614 posts (38% Spanish) about
                  ten more organizations, in other voices (groups of staff, normative, imperative, conditional,
                  veiled, evasion; counter-speech among the hard negatives). `parapet eval --dev2` lists its wrong
                  verdicts; tuned too, so not in this table.
                - **Threats, third development corpus**: `corpus/threats/dev3.jsonl` — 700 posts (20% Spanish) about
                  twelve identity groups (`dev3-watchlist.yaml`): threats against them, and counter-speech, negated
                  violence, neutral and positive mentions, hateful opinions, profanity and news about them.
                  `parapet eval --dev3` lists its wrong verdicts; it is for tuning, so not in this table.
                - **Threats, fourth development corpus**: `corpus/threats/dev4.jsonl` — 720 short English posts about
                  the same twelve groups, in the plain style of a functional test suite: direct and normative threats,
                  and counter-quotes, counter-references, negations, neutral, positive, figurative and supportive
                  mentions, profanity, abuse at other targets and hateful opinions. `parapet eval --dev4` lists its
                  wrong verdicts; it is for tuning, so not in this table.
                - **Threats, fifth development corpus**: `corpus/threats/dev5.jsonl` — 600 posts (30% Spanish) about ten
                  more organizations (`dev5-watchlist.yaml`): direct, imminent, bomb, incited, conditional and veiled
                  threats, and news, violent words aimed at something else, idioms, ordinary logistics, criticism and
                  counter-speech. `parapet eval --dev5` lists its wrong verdicts; it is for tuning, so not in this table.
                - **Threats, HateCheck**: evaluation only; its identity groups stand in as the watched entities.
                - **Training** (`parapet train`): `corpus/threats/train*.jsonl` ({trainedCount} written examples,
                  English and Spanish, about organizations and identity groups) plus 7,000 offensive or hateful tweets
                  from davidson and TweetEval offensive/hate as non-threats. The model reads words, word pairs, weapon
                  emoji as words and the rules' cues (which kinds of phrase a sentence holds and which meet in it); the
                  threshold is the lowest that keeps false alerts at 1% in each group of non-threats (written harsh
                  speech, other written posts, the tweets) on the out-of-fold scores the detector acts on, with folds
                  split by organization or group.
                - **Sentiment**: trained on SemEval 2013–2016 (de-duplicated, with every tweet of TweetEval val and
                  test removed, compared by their letters) and `corpus/sentiment-es/train.jsonl`; tuned on TweetEval
                  val; reported on TweetEval test and on `corpus/sentiment-es/heldout.jsonl` (disjoint topics and
                  organizations).
                - "rules" is the rule detector alone; "rules + model" is what Parapet runs.

                {table}
                """);
            Console.WriteLine($"written to {path}");
        }

        return 0;
    }

    /// <summary>
    /// <c>parapet eval --dev</c>, <c>--dev2</c> or <c>--set FILE</c>: a development split, with every wrong verdict
    /// listed and counted by kind so rules and lexicons can be worked on. The held-out split has no such listing:
    /// it is read only for the table.
    /// </summary>
    private static int Development(string file, string watchlist)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"no development split at {file}");
        }

        if (!File.Exists(watchlist))
        {
            throw new UsageException($"no watchlist at {watchlist}; pass --watchlist FILE");
        }

        var results = CorpusAlerts(file, watchlist, ThreatModel.Shipped);
        var wrong = results.Where(r => (r.Row.label == "threat") != r.Analysis.Alert).ToList();
        foreach (var (row, analysis) in wrong)
        {
            Console.WriteLine($"{(analysis.Alert ? "false alert" : "missed"),-11} {row.kind,-22} {row.lang} {analysis.Threat.Score:F2} {row.text}");
        }

        Console.WriteLine();
        foreach (var kind in results.GroupBy(r => r.Row.kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var errors = kind.Count(r => (r.Row.label == "threat") != r.Analysis.Alert);
            Console.WriteLine($"{kind.Key,-24} {errors,4} wrong of {kind.Count(),4}");
        }

        var report = new StringBuilder();
        report.AppendLine("| measure | detector | data | n | value | target |").AppendLine("|---|---|---|---|---|---|");
        CorpusRows(results, "rules + model", Path.GetFileName(file), report);
        Console.Write(report);
        return 0;
    }

    private static List<(CorpusRow Row, PostAnalysis Analysis)> CorpusAlerts(string file, string watchlist, LinearModel? model)
    {
        var analyzer = new PostAnalyzer(WatchlistMatcher.Build(WatchlistLoader.Load(watchlist)), VaderSentimentAnalyzer.Shared, model);
        var rows = File.ReadLines(file).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<CorpusRow>(l)!).ToList();
        var split = Path.GetFileNameWithoutExtension(file);
        return [.. rows.Select((r, i) => (Row: r, Analysis: analyzer.Analyze(new Post { Id = $"{split}-{i}", Text = r.text })))];
    }

    private static void HeldOutCorpus(string corpus, string detector, LinearModel? model, StringBuilder report)
    {
        var file = Path.Combine(corpus, "heldout.jsonl");
        if (!File.Exists(file))
        {
            report.AppendLine($"| threat corpus | {detector} | {file} missing | | | |");
            return;
        }

        CorpusRows(CorpusAlerts(file, Path.Combine(corpus, "heldout-watchlist.yaml"), model), detector, "held-out corpus", report);
    }

    private static void CorpusRows(List<(CorpusRow Row, PostAnalysis Analysis)> analyzed, string detector, string data, StringBuilder report)
    {
        var results = analyzed.Select(r => (r.Row, r.Analysis.Alert)).ToList();
        foreach (var lang in new[] { "all", "en", "es" })
        {
            var subset = results.Where(r => lang == "all" || r.Row.lang == lang).ToList();
            var threats = subset.Where(r => r.Row.label == "threat").ToList();
            var harsh = subset.Where(r => ThreatKinds.HarshProtected.Contains(r.Row.kind)).ToList();
            var news = subset.Where(r => ThreatKinds.NewsAndOrdinary.Contains(r.Row.kind)).ToList();
            Row(report, $"threat recall ({lang})", detector, data, threats.Count, Rate(threats, r => r.Alert), "≥ 0.95");
            Row(report, $"alerts on harsh-protected ({lang})", detector, data, harsh.Count, Rate(harsh, r => r.Alert), "≤ 0.01");
            Row(report, $"alerts on news and ordinary ({lang})", detector, data, news.Count, Rate(news, r => r.Alert), "≤ 0.01");
        }
    }

    private static void HateCheck(string dir, string detector, LinearModel? model, StringBuilder report)
    {
        var cases = Path.Combine(dir, "test_suite_cases.csv");
        if (!File.Exists(cases))
        {
            report.AppendLine($"| HateCheck | {detector} | {cases} missing | | | |");
            return;
        }

        var analyzer = new PostAnalyzer(WatchlistMatcher.Build(HateCheckWatchlist(Path.Combine(dir, "template_placeholders.csv"))),
            VaderSentimentAnalyzer.Shared, model);
        var rows = Csv.Read(cases).ToList();
        var header = rows[0];
        int functionality = header.IndexOf("functionality"), text = header.IndexOf("test_case");
        var threats = new List<bool>();
        var others = new List<bool>();
        foreach (var row in rows.Skip(1))
        {
            var f = row[functionality];
            var isThreat = f is "threat_dir_h" or "threat_norm_h";
            var isNonThreat = HateCheckNonThreats.Contains(f) || f.StartsWith("target_", StringComparison.Ordinal) && f.EndsWith("_nh", StringComparison.Ordinal)
                || f.StartsWith("ident_", StringComparison.Ordinal) && f.EndsWith("_nh", StringComparison.Ordinal);
            if (!isThreat && !isNonThreat)
            {
                continue;
            }

            var alert = analyzer.Analyze(new Post { Id = "hc", Text = row[text] }).Alert;
            (isThreat ? threats : others).Add(alert);
        }

        var truePositives = threats.Count(a => a);
        var falsePositives = others.Count(a => a);
        Row(report, "threat recall", detector, "HateCheck threat_dir_h + threat_norm_h", threats.Count, (double)truePositives / threats.Count, "≥ 0.90");
        Row(report, "threat precision", detector, "HateCheck", truePositives + falsePositives,
            truePositives + falsePositives == 0 ? 0 : (double)truePositives / (truePositives + falsePositives), "");
        Row(report, "alerts on non-threat functionalities", detector, "HateCheck counter_*, profanity, target_*, negate_neg, ident_*", others.Count,
            (double)falsePositives / others.Count, "≤ 0.03");
    }

    /// <summary>HateCheck's identity groups as watched entities, in their singular, plural and adjective forms.</summary>
    private static Watchlist HateCheckWatchlist(string placeholders)
    {
        var forms = Csv.Read(placeholders).Skip(1).ToDictionary(r => r[0], r => r[1].Split(',', StringSplitOptions.TrimEntries));
        var plural = forms["[IDENTITY_P]"];
        var profiles = plural.Select((p, i) => new WatchProfile
        {
            Id = $"group{i}",
            Name = p,
            Aliases = [p, forms["[IDENTITY_S]"][i], forms["[IDENTITY_A]"][i]],
        }).ToList();
        return new Watchlist(profiles);
    }

    private static void TweetEvalSentiment(string dir, string name, ISentimentAnalyzer analyzer, StringBuilder report)
    {
        var textFile = Path.Combine(dir, "test_text.txt");
        if (!File.Exists(textFile))
        {
            report.AppendLine($"| sentiment | {name} | {textFile} missing | | | |");
            return;
        }

        var texts = File.ReadAllLines(textFile);
        var gold = File.ReadAllLines(Path.Combine(dir, "test_labels.txt")).Select(l => int.Parse(l.Trim(), CultureInfo.InvariantCulture)).ToArray();
        var hits = new int[3];
        var totals = new int[3];
        for (var i = 0; i < texts.Length; i++)
        {
            var predicted = analyzer.Analyze(texts[i]).Label switch
            {
                SentimentLabel.Negative => 0,
                SentimentLabel.Neutral => 1,
                _ => 2,
            };
            totals[gold[i]]++;
            hits[gold[i]] += predicted == gold[i] ? 1 : 0;
        }

        var macroRecall = Enumerable.Range(0, 3).Average(c => (double)hits[c] / totals[c]);
        Row(report, "sentiment macro-recall", name, "TweetEval sentiment test", texts.Length, macroRecall, "≥ 0.70");
    }

    private static double Rate<T>(List<T> items, Func<T, bool> predicate) => items.Count == 0 ? 0 : (double)items.Count(predicate) / items.Count;

    private static void SpanishSentiment(string file, string name, ISentimentAnalyzer analyzer, StringBuilder report)
    {
        if (!File.Exists(file))
        {
            report.AppendLine($"| Spanish sentiment | {name} | {file} missing | | | |");
            return;
        }

        var rows = File.ReadLines(file).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<SentimentRow>(l)!).ToList();
        var gold = rows.Select(r => r.label switch { "negative" => 0, "neutral" => 1, _ => 2 }).ToArray();
        var predicted = rows.Select(r => (int)analyzer.Analyze(r.text).Label).ToArray();
        Row(report, "sentiment macro-recall (Spanish)", name, "corpus/sentiment-es/heldout.jsonl", rows.Count,
            TrainCommand.MacroRecall(predicted, gold), "");
    }

    private static void Row(StringBuilder report, string measure, string detector, string data, int n, double value, string target) =>
        report.AppendLine(CultureInfo.InvariantCulture, $"| {measure} | {detector} | {data} | {n} | {value:F3} | {target} |");

#pragma warning disable IDE1006, CA1812 // Field names follow the corpus's JSON.
    private sealed record CorpusRow(string text, string label, string kind, string lang);

    private sealed record SentimentRow(string text, string label);
#pragma warning restore IDE1006, CA1812
}

/// <summary>RFC 4180 CSV: quoted fields, doubled quotes, commas and new lines inside quotes.</summary>
internal static class Csv
{
    public static IEnumerable<List<string>> Read(string path)
    {
        using var reader = new StreamReader(path);
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                yield return row;
                row = [];
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
