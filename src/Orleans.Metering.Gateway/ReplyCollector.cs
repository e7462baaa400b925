using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway;

/// <summary>
/// Gathers per-item outcomes of a request and turns them into one Reply: OK when nothing failed,
/// FAILED when nothing succeeded, PARTIAL otherwise, with one Error per failed item naming it.
/// </summary>
public sealed class ReplyCollector
{
    private readonly List<ReplyError> errors = [];
    private readonly Lock gate = new();
    private int succeeded;
    private int failed;

    public int Failed => failed;

    public void Succeeded()
    {
        Interlocked.Increment(ref succeeded);
    }

    /// <summary>A success that still has something to say (e.g. 0.3: the outcome follows).</summary>
    public void Inform(string code, string reason, string? mrid = null, string? objectType = null)
    {
        Interlocked.Increment(ref succeeded);
        Add(code, reason, ErrorLevel.INFORM, mrid, objectType);
    }

    public void Fail(ReplyCode code, string reason, string? mrid = null, string? objectType = null) => Fail(code.Code, reason, mrid, objectType);

    public void Fail(string code, string reason, string? mrid = null, string? objectType = null)
    {
        Interlocked.Increment(ref failed);
        Add(code, reason, ErrorLevel.FATAL, mrid, objectType);
    }

    public Reply Build()
    {
        var reply = new Reply
        {
            Result = failed == 0 ? ReplyResult.OK : succeeded == 0 ? ReplyResult.FAILED : ReplyResult.PARTIAL,
        };
        lock (gate)
        {
            reply.Error.AddRange(errors);
        }

        return reply;
    }

    private void Add(string code, string reason, ErrorLevel level, string? mrid, string? objectType)
    {
        var error = new ReplyError
        {
            Code = code,
            Level = level,
            Reason = reason,
            Object = mrid is null ? null : new ErrorObject(mrid, null, objectType),
        };
        lock (gate)
        {
            errors.Add(error);
        }
    }
}
