using System.Text;

namespace Orleans.Metering.Cim.Tests.Support;

/// <summary>
/// Keeps every message a test produced, so that CI can check them all with ../shared/cim/validate.
/// The folder is METERING_CIM_OUT when set, else artifacts/cim-messages at the repository root.
/// </summary>
public static class CimOutput
{
    private static int counter;

    public static string Directory { get; } = ResolveDirectory();

    /// <summary>Writes <paramref name="xml"/> as a file named after the test and a sequence number; returns the path.</summary>
    public static string Save(string name, string xml)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var path = Path.Combine(Directory, $"{safe}-{Environment.ProcessId}-{Interlocked.Increment(ref counter):D4}.xml");
        File.WriteAllText(path, xml, new UTF8Encoding(false));
        return path;
    }

    public static string Save(string name, byte[] xml) => Save(name, Encoding.UTF8.GetString(xml));

    private static string ResolveDirectory()
    {
        var dir = Environment.GetEnvironmentVariable("METERING_CIM_OUT");
        if (string.IsNullOrWhiteSpace(dir))
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orleans.Metering.sln")))
            {
                root = root.Parent;
            }

            dir = Path.Combine(root?.FullName ?? Path.GetTempPath(), "artifacts", "cim-messages");
        }

        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }
}
