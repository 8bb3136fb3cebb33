namespace Parapet.Cli;

/// <summary>
/// Ctrl-C for a long-running command: the first press cancels <see cref="Token"/> so the command stops reading
/// and drains what it has; a second press leaves at once. SIGTERM (a service manager's or a container's stop)
/// is a first press: the command drains and exits by itself.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConsoleCancelEventHandler _handler;
    private readonly System.Runtime.InteropServices.PosixSignalRegistration _terminate;
    private int _presses;

    public Interrupt(TextWriter terminal, string draining)
    {
        _handler = (_, e) => e.Cancel = FirstStop(terminal, $"stopping: {draining} (Ctrl-C again to quit now)");
        Console.CancelKeyPress += _handler;
        _terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            FirstStop(terminal, $"stopping: {draining}");
        });
    }

    /// <summary>Cancels <see cref="Token"/> on the first stop of either kind; false for any after it.</summary>
    private bool FirstStop(TextWriter terminal, string message)
    {
        if (Interlocked.Increment(ref _presses) != 1)
        {
            return false;
        }

        terminal.WriteLine(message);
        _stop.Cancel();
        return true;
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _terminate.Dispose();
        _stop.Dispose();
    }
}
