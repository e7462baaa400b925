using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Metering.Grains.Schedules;

/// <summary>Which registry partition a schedule belongs to.</summary>
public static class ReadSchedulePartitions
{
    /// <summary>
    /// A hash of the id's UTF-8 bytes, the same in every process and version (string.GetHashCode is
    /// randomised per process), modulo <paramref name="partitions"/>.
    /// </summary>
    public static int Of(string scheduleId, int partitions)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(scheduleId));
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)partitions);
    }
}
