using System.Diagnostics;
using System.Text;

namespace Parapet.Tests.Cli;

/// <summary>A <c>parapet</c> process left running (a live <c>run</c>), its output collected, ended by the test.</summary>
internal sealed class RunningParapet : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();

    private RunningParapet(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_stdout) { _stdout.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_stderr) { _stderr.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_stdout)
            {
                lock (_stderr)
                {
                    return $"--- stdout ---\n{_stdout}\n--- stderr ---\n{_stderr}";
                }
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>True when the process ended by itself within <paramref name="timeout"/> with exit code 0.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        // The output readers finish after the process does.
        _process.WaitForExit();
        return _process.ExitCode == 0;
    }

    public static RunningParapet Start(string[] args, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(ParapetProcess.DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return new RunningParapet(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>SIGTERM, as a service manager or a container runtime stops a process.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed or checkpointed, as when the machine loses power to the process.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }
}
