namespace Orleans.Metering.Simulation.Fleet;

/// <summary>
/// Stable, platform-independent hashing for the simulated fleet: every random draw is a pure
/// function of (meter seed, counter), so any value can be computed on its own and in any order.
/// </summary>
internal static class FleetHash
{
    /// <summary>FNV-1a over the UTF-16 code units of <paramref name="s"/> (never string.GetHashCode, which is randomised per process).</summary>
    public static ulong Fnv1a64(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>The SplitMix64 finaliser: a good 64-bit mixer.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Mix(ulong seed, ulong a, ulong b) => Mix(Mix(seed ^ Mix(a)) ^ (b * 0xD6E8FEB86659FD93UL));

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <summary>An approximately standard normal draw (Irwin-Hall sum of four 16-bit uniforms).</summary>
    public static double Normal(ulong h)
    {
        var sum = (double)(h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + (h >> 48);
        // Four U(0,1): mean 2, variance 4/12.
        return ((sum / 65536.0) - 2.0) * 1.7320508075688772;
    }
}
