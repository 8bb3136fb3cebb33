namespace Parapet.Cli;

/// <summary>Prints bad input lines as <c>file:line: problem</c>, the first hundred in full, then only counts them.</summary>
internal sealed class LineErrorReport(string source, TextWriter writer, int printLimit = 100)
{
    public long Count { get; private set; }

    public void Add(long line, string message)
    {
        Count++;
        if (Count <= printLimit)
        {
            writer.WriteLine($"{source}:{line}: {message}");
        }
    }

    public void Finish()
    {
        if (Count > printLimit)
        {
            writer.WriteLine($"{source}: {Count - printLimit:N0} more bad lines not shown");
        }
    }
}
