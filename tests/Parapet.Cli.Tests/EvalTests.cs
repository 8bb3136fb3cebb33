using System.Text.Json;
using Xunit;

namespace Parapet.Tests.Cli;

public sealed class EvalTests
{
    [Theory]
    [InlineData("dev3")]
    [InlineData("dev4")]
    public void EvalIdentityGroupDevelopmentSets_ListWrongVerdictsAndCountEveryKindInItsRow(string set)
    {
        var rows = File.ReadLines(RepoPaths.Combine("corpus", "threats", $"{set}.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var threats = rows.Count(r => r.GetProperty("label").GetString() == "threat");
        string[] protectedKinds = ["counter_quote", "counter_ref", "negated", "hateful_non_threat", "profanity", "abuse_nonprotected"];
        var harsh = rows.Count(r => protectedKinds.Contains(r.GetProperty("kind").GetString()));
        var ordinary = rows.Count - threats - harsh;

        var result = ParapetProcess.Run(["eval", $"--{set}"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"| threat recall (all) | rules + model | {set}.jsonl | {threats} |", result.Stdout);
        Assert.Contains($"| alerts on harsh-protected (all) | rules + model | {set}.jsonl | {harsh} |", result.Stdout);
        Assert.Contains($"| alerts on news and ordinary (all) | rules + model | {set}.jsonl | {ordinary} |", result.Stdout);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("counter_quote ", StringComparison.Ordinal) && l.Contains("wrong of", StringComparison.Ordinal));
    }

    [Fact]
    public void EvalDev5_OrganizationsDevelopmentSet_CountsEveryPostInItsRow()
    {
        var rows = File.ReadLines(RepoPaths.Combine("corpus", "threats", "dev5.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var threats = rows.Count(r => r.GetProperty("label").GetString() == "threat");
        var harsh = rows.Count(r => r.GetProperty("kind").GetString() is "criticism" or "counter_speech");

        var result = ParapetProcess.Run(["eval", "--dev5"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"| threat recall (all) | rules + model | dev5.jsonl | {threats} |", result.Stdout);
        Assert.Contains($"| alerts on harsh-protected (all) | rules + model | dev5.jsonl | {harsh} |", result.Stdout);
        Assert.Contains($"| alerts on news and ordinary (all) | rules + model | dev5.jsonl | {rows.Count - threats - harsh} |", result.Stdout);
    }

    [Fact]
    public void EvalSet_HeldOutSplit_IsRefused()
    {
        var result = ParapetProcess.Run(["eval", "--set", RepoPaths.Combine("corpus", "threats", "heldout.jsonl")]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("held-out", result.Stderr);
    }
}
