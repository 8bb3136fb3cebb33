using System.Globalization;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Parapet.Nats;

namespace Parapet.Cli.Commands;

/// <summary>What the scaled-out roles share: the NATS address and stream options, a console logger, the connection.</summary>
internal static class ScaleRoles
{
    public static readonly string[] NatsOptions = ["--nats", "--stream", "--ack-wait"];

    public static NatsRoleOptions Options(CommandLineArgs args) => new()
    {
        Url = args.Value("--nats") ?? Environment.GetEnvironmentVariable("PARAPET_NATS_URL") ?? NatsRoleOptions.DefaultUrl,
        Stream = args.Value("--stream") ?? "PARAPET",
        AckWait = args.Value("--ack-wait") is { } s ? TimeSpan.FromSeconds(Seconds("--ack-wait", s)) : TimeSpan.FromSeconds(30),
    };

    public static ILoggerFactory Loggers() => LoggerFactory.Create(b => b
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        })
        // The client logs every failed reconnect with a stack trace; the roles say what failed and what they do about it.
        .AddFilter("NATS", LogLevel.Critical)
        .SetMinimumLevel(LogLevel.Information));

    /// <summary>Connects, or says in one line why it cannot.</summary>
    public static async Task<(NatsConnection Connection, NatsJSContext JetStream)> ConnectAsync(NatsRoleOptions options, string role,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = options.Url,
            Name = $"parapet-{role}",
            LoggerFactory = loggers,
            // Keep trying through a NATS restart; the roles retry what was not acknowledged.
            MaxReconnectRetry = -1,
        });
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new CannotRunException($"cannot reach NATS at {options.Url}: {e.Message} (start nats-server -js, or pass --nats URL)");
        }

        return (connection, new NatsJSContext(connection));
    }

    public static double Seconds(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"{option} must be a positive number of seconds, not '{value}'");

    public static string Ms(double? value) => value is { } v ? $"{v:0} ms" : "n/a";
}
