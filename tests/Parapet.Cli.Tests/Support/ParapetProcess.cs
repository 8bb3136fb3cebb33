using System.Diagnostics;
using System.Text;

namespace Parapet.Tests.Cli;

/// <summary>What one run of the <c>parapet</c> command left behind.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output split into lines, without line ends and without a final empty line.</summary>
    public IReadOnlyList<string> StdoutLines => SplitLines(Stdout);

    public IReadOnlyList<string> StderrLines => SplitLines(Stderr);

    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}

/// <summary>Starts the real <c>parapet</c> executable (<c>dotnet parapet.dll …</c>) from the test output folder.</summary>
internal static class ParapetProcess
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "parapet.dll");

    public static ProcessResult Run(string[] args, string? stdin = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        if (!File.Exists(DllPath))
        {
            throw new FileNotFoundException($"parapet.dll is not in the test output folder {AppContext.BaseDirectory}", DllPath);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");

        // Both pipes are drained while the process runs, and stdin is fed from its own task, so a full pipe
        // on any side can never block the other.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var feed = Task.Run(() =>
        {
            try
            {
                if (stdin is not null)
                {
                    process.StandardInput.Write(stdin);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process exited without reading all of its input.
            }
        });

        var limit = timeout ?? TimeSpan.FromSeconds(60);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"parapet {string.Join(' ', args)} did not exit within {limit.TotalSeconds:F0} s\n--- stdout ---\n{stdout.Result}\n--- stderr ---\n{stderr.Result}");
        }

        // The parameterless wait also waits for the redirected streams to reach their end.
        process.WaitForExit();
        feed.Wait();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
