using System.Data.Common;
using System.Net.Sockets;
using Orleans.Metering.Cim.Codes;
using Orleans.Runtime;

namespace Orleans.Metering.Gateway;

/// <summary>
/// Which failures mean "the platform could not do it now" (database, cluster, network, timeout):
/// answered 5.1, retry later, rather than 5.3 (attempted and failed for a reason of its own).
/// </summary>
public static class TransientFailures
{
    /// <summary>Database, cluster or network unavailability, anywhere in the exception chain.</summary>
    public static bool IsTransient(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is DbException or TimeoutException or SocketException or OperationCanceledException
                or SiloUnavailableException or OrleansMessageRejectionException)
            {
                return true;
            }

            if (x is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient))
            {
                return true;
            }
        }

        return e is OrleansException;
    }

    public static string Describe(Exception e)
    {
        var root = e;
        while (root.InnerException is not null && root is not DbException)
        {
            root = root.InnerException;
        }

        return root.GetType().Name + ": " + root.Message;
    }

    /// <summary>5.1 for a transient failure, else 5.3.</summary>
    public static ReplyCode CodeFor(Exception e) => IsTransient(e) ? ReplyCode.SystemBusy : ReplyCode.AttemptedAndFailed;
}
