namespace Parapet.Cli;

/// <summary>
/// Ctrl-C for a long-running command: the first press cancels <see cref="Token"/> so the command stops reading
/// and drains what it has; a second press leaves at once.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConsoleCancelEventHandler _handler;
    private int _presses;

    public Interrupt(TextWriter terminal, string draining)
    {
        _handler = (_, e) =>
        {
            if (Interlocked.Increment(ref _presses) == 1)
            {
                e.Cancel = true;
                terminal.WriteLine($"stopping: {draining} (Ctrl-C again to quit now)");
                _stop.Cancel();
            }
        };
        Console.CancelKeyPress += _handler;
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _stop.Dispose();
    }
}
