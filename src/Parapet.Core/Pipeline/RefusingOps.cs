using System.Runtime.ExceptionServices;
using Parapet.Posts;

namespace Parapet.Pipeline;

/// <summary>What a batch write stored, and the ops of the batch the store refused (their index, and why).</summary>
public sealed record BatchWrite(IReadOnlyList<AlertNotice> Fresh, IReadOnlyList<(int Op, Exception Reason)> Refused);

/// <summary>
/// Writes a batch so that one op the store cannot take does not hold back the others. When the store refuses the
/// batch for a reason of its own ops (anything but <see cref="StoreUnavailableException"/>), the ops are written
/// one at a time; an op is refused only when it fails alone twice, the second time after others of its batch were
/// stored. When no op can be stored, the fault is the store's, and it is thrown: nothing is set aside for it.
/// </summary>
public static class RefusingOps
{
    public static async Task<BatchWrite> WriteAsync(IPostStore store, IReadOnlyList<StoreOp> ops, CancellationToken cancellationToken)
    {
        ExceptionDispatchInfo first;
        try
        {
            return new BatchWrite(await store.WriteAsync(ops, cancellationToken).ConfigureAwait(false), []);
        }
        catch (Exception e) when (IsTheOps(e) && ops.Count > 1)
        {
            first = ExceptionDispatchInfo.Capture(e);
        }

        var fresh = new List<AlertNotice>();
        var failed = new List<int>();
        for (var i = 0; i < ops.Count; i++)
        {
            if (await TryAloneAsync(store, ops[i], fresh, cancellationToken).ConfigureAwait(false) is not null)
            {
                failed.Add(i);
            }
        }

        if (failed.Count == ops.Count)
        {
            first.Throw();
        }

        var refused = new List<(int, Exception)>();
        foreach (var i in failed)
        {
            if (await TryAloneAsync(store, ops[i], fresh, cancellationToken).ConfigureAwait(false) is { } e)
            {
                refused.Add((i, e));
            }
        }

        return new BatchWrite(fresh, refused);
    }

    /// <summary>Writes one op; null when stored, else why the store refused it.</summary>
    private static async Task<Exception?> TryAloneAsync(IPostStore store, StoreOp op, List<AlertNotice> fresh, CancellationToken cancellationToken)
    {
        try
        {
            fresh.AddRange(await store.WriteAsync([op], cancellationToken).ConfigureAwait(false));
            return null;
        }
        catch (Exception e) when (IsTheOps(e))
        {
            return e;
        }
    }

    private static bool IsTheOps(Exception e) => e is not (StoreUnavailableException or OperationCanceledException);

    /// <summary>The op for the log, never its text or author: a post by its <see cref="PostKey"/>.</summary>
    public static string Describe(StoreOp op) => op switch
    {
        StoreOp.Save save => $"save of post {PostKey.Of(save.Analysis.Post.Id)}",
        StoreOp.Delete delete => $"deletion of post {PostKey.Of(delete.PostId)}",
        StoreOp.AccountGone => "removal of a gone account",
        StoreOp.Cursor cursor => $"cursor {cursor.Value} of {cursor.Source}",
        _ => op.GetType().Name,
    };
}
