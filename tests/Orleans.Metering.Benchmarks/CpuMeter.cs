using System.Diagnostics;
using System.Globalization;

namespace Orleans.Metering.Benchmarks;

/// <summary>CPU seconds used by this process (client, gateway, silo) and by the private PostgreSQL server.</summary>
public readonly record struct CpuSample(double Self, double Postgres)
{
    public static CpuSample operator -(CpuSample a, CpuSample b) => new(a.Self - b.Self, a.Postgres - b.Postgres);

    public double Total => Self + Postgres;
}

/// <summary>
/// Reads CPU time from /proc: this process, and the postmaster of the private server plus its children
/// (backends, WAL writer, checkpointer). With a machine shared with other work, CPU seconds per row are
/// a steadier measure of cost than rows per wall second.
/// </summary>
public sealed class CpuMeter(int? postmasterPid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public bool SeesPostgres => postmasterPid is not null;

    public CpuSample Sample()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSample(self.TotalProcessorTime.TotalSeconds, postmasterPid is int pid ? TreeSeconds(pid) : 0);
    }

    private static double TreeSeconds(int root)
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command (which may hold spaces) start after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == root || ppid == root)
                {
                    ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // the process ended meanwhile
            }
        }

        return ticks / TicksPerSecond;
    }
}
