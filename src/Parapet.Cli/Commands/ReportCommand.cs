using System.Globalization;
using Parapet.Server.Reports;
using Parapet.Storage;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet report [--from DATE] [--to DATE] [--format md|csv|html] [--db PATH] [--output FILE]</c>: the
/// transparency report, counts only. Dates are UTC days, both included; the default is the last 30 days.
/// </summary>
internal static class ReportCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--from", "--to", "--format", "--db", "--output"], []);
        var format = args.Value("--format") ?? "md";
        if (!TransparencyReport.Formats.Contains(format))
        {
            throw new UsageException($"--format is one of {string.Join(", ", TransparencyReport.Formats)}, not '{format}'");
        }

        var db = StoreOption.Resolve(args.Value("--db"), RunCommand.DefaultDb);
        StoreOption.RequireExisting(db);

        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        var to = (Day(args.Value("--to"), "--to") ?? today).AddDays(1);
        var from = Day(args.Value("--from"), "--from") ?? to.AddDays(-30);
        if (from >= to)
        {
            throw new UsageException("--from must not be after --to");
        }

        using var store = StoreOption.Open(db, TimeProvider.System);
        var connections = new StoreConnections(store.Engine);
        var text = TransparencyReport.Render(new AggregateQueries(connections).Transparency(from, to), format);
        new AuditLog(connections, TimeProvider.System).Append("cli", "report.read", detail: $"{from:o}..{to:o} {format}");
        if (args.Value("--output") is { } output)
        {
            File.WriteAllText(output, text);
        }
        else
        {
            Console.Write(text);
        }

        return 0;
    }

    private static DateTimeOffset? Day(string? value, string option) =>
        value is null ? null
        : DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? new DateTimeOffset(d, TimeSpan.Zero)
            : throw new UsageException($"{option} is a date like 2026-12-01, not '{value}'");
}
