using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Parapet.Nats;

internal static class JetStreamSetup
{
    public static Task EnsureStreamAsync(INatsJSContext js, NatsRoleOptions options, CancellationToken cancellationToken) =>
        js.CreateOrUpdateStreamAsync(new StreamConfig(options.Stream, [options.Subject + ".>"])
        {
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            DuplicateWindow = options.DuplicateWindow,
            MaxAge = options.MaxAge,
        }, cancellationToken).AsTask();

    public static async Task<INatsJSConsumer> EnsureConsumerAsync(INatsJSContext js, NatsRoleOptions options, CancellationToken cancellationToken)
    {
        await EnsureStreamAsync(js, options, cancellationToken).ConfigureAwait(false);
        return await js.CreateOrUpdateConsumerAsync(options.Stream, new ConsumerConfig(options.Consumer)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = options.AckWait,
            MaxAckPending = Math.Max(1000, options.Batch * 64),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A subject token from a source name: letters, digits, '-' and '_' only.</summary>
    public static string Token(string source)
    {
        var chars = source.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "_" : new string(chars);
    }
}
