using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary><c>parapet classify</c> on broken input: bad lines are named and skipped, bad setup stops with exit code 2.</summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly Regex StackTrace = new(@"^\s+at \S+\(", RegexOptions.Multiline);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Classify_MixedGoodAndBadLines_ReportsEachBadLineAndKeepsEveryGoodOne()
    {
        var input = _temp.File("mixed.jsonl");
        using (var file = new FileStream(input, FileMode.CreateNew, FileAccess.Write))
        {
            void Line(string text, string end = "\n") => file.Write(Encoding.UTF8.GetBytes(text + end));

            // 1: a good post
            Line("""{"id":"good-1","text":"I will burn down the Eastgate Processing Center tonight","lang":"en"}""");
            // 2: malformed JSON
            Line("""{"id":"broken","text":"unterminated""");
            // 3: a good post with unknown fields, nested and not
            Line("""{"id":"good-2","text":"Corvane Robotics opened a new plant","lang":"en","likes":3,"extra":{"a":[1,{"b":null}]},"tags":["x"],"flag":true}""");
            // 4: invalid UTF-8 inside the text
            file.Write("{\"id\":\"bad-utf8\",\"text\":\"caf"u8);
            file.Write([0xC3, 0x28, 0x20, 0xFF, 0xFE]);
            Line(" ok\"}");
            // 5: a JSON array, not an object
            Line("""[{"id":"in-array","text":"Corvane Robotics"}]""");
            // 6: a post without an id
            Line("""{"text":"Corvane Robotics has no id here","lang":"en"}""");
            // 7: a 10 MB line, otherwise a valid post
            file.Write("{\"id\":\"huge\",\"text\":\""u8);
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 16));
            for (var written = 0; written < 10 * 1024 * 1024; written += chunk.Length)
            {
                file.Write(chunk);
            }

            Line("\"}");
            // 8: an empty line
            Line("");
            // 9: a good post ending in CRLF
            Line("""{"id":"good-3","text":"nice weather at Brackwater High today"}""", "\r\n");
            // 10: a good post with no final newline
            Line("""{"id":"good-4","text":"quiet day","unknown":{"deep":{"deeper":[[]]}}}""", "");
        }

        var result = Classify.Run(input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["good-1", "good-2", "good-3", "good-4"], ClassifiedLine.Parse(result.StdoutLines).Select(l => l.Id));
        foreach (var bad in new[] { 2, 4, 5, 6, 7 })
        {
            Assert.Matches(new Regex($@"^{Regex.Escape(input)}:{bad}: \S", RegexOptions.Multiline), result.Stderr);
        }

        foreach (var good in new[] { 1, 3, 8, 9, 10 })
        {
            Assert.DoesNotContain($"{input}:{good}:", result.Stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(StackTrace, result.Stderr);
    }

    [Fact]
    public void Classify_FileStartingWithByteOrderMark_ReadsTheFirstLine()
    {
        var input = _temp.File("bom.jsonl");
        File.WriteAllBytes(input, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"id\":\"bom-1\",\"text\":\"HEA\"}\n{\"id\":\"bom-2\",\"text\":\"HEA\"}\n")]);

        var result = Classify.Run(input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["bom-1", "bom-2"], ClassifiedLine.Parse(result.StdoutLines).Select(l => l.Id));
        Assert.DoesNotContain($"{input}:1:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_EmptyFile_ExitsZeroWithNoOutput()
    {
        var input = _temp.File("empty.jsonl");
        File.WriteAllBytes(input, []);

        var result = Classify.Run(input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Classify_WatchlistWithErrors_ExitsTwoNamingFileAndLines()
    {
        var watchlist = _temp.File("bad-watchlist.yaml");
        File.WriteAllText(watchlist, """
            profiles:
              - id: hea
                name: Harbor Enforcement Agency
                aliases: ["HEA"]
              - id: hea
                name: Another Agency
                aliases: ["Another Agency"]
                colour: red
            """);
        var input = _temp.File("posts.jsonl");
        File.WriteAllText(input, """{"id":"p1","text":"HEA is hiring"}""" + "\n");

        var result = ParapetProcess.Run(["classify", "--watchlist", watchlist, "--input", input]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(result.Stdout.Trim());
        Assert.Matches(new Regex($@"{Regex.Escape(watchlist)}:5:.*duplicate.*hea", RegexOptions.IgnoreCase), result.Stderr);
        Assert.Matches(new Regex($@"{Regex.Escape(watchlist)}:8:.*colour"), result.Stderr);
        Assert.DoesNotMatch(StackTrace, result.Stderr);
    }

    [Fact]
    public void Classify_MissingInputFile_ExitsTwoWithMessage()
    {
        var input = _temp.File("no-such-file.jsonl");

        var result = Classify.Run(input);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(input, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot read", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(StackTrace, result.Stderr);
    }

    [Fact]
    public void Classify_UnknownOption_ExitsTwo()
    {
        var result = Classify.Run(RepoPaths.DemoStream, "--no-such-option");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--no-such-option", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(result.StdoutLines, l => l.StartsWith('{'));
    }
}
