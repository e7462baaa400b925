using System.Diagnostics;
using Orleans.Metering.Cluster.Tests.Support;

namespace Orleans.Metering.Cluster.Tests;

/// <summary><c>deploy/cluster/run-local.sh stop</c> leaves nothing it made behind, unless <c>--keep</c>; never what it did not make.</summary>
public sealed class RunLocalStopTests : IDisposable
{
    private static readonly string[] Made = ["bin/Orleans.Metering.Silo.dll", "tools/Orleans.Metering.Tools.dll", "silo1.log", "headend.log", "journal", "silos", "pg.connection"];

    private readonly string dir = Path.Combine(Path.GetTempPath(), "metering-cluster-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Stop_removes_the_cluster_folder()
    {
        Lay(Made);

        Assert.Equal(0, await Stop());

        Assert.False(Directory.Exists(dir), "stop left " + dir);
    }

    [Fact]
    public async Task Stop_keep_keeps_everything()
    {
        Lay(Made);

        Assert.Equal(0, await Stop("--keep"));

        Assert.All(Made, f => Assert.True(File.Exists(Path.Combine(dir, f)), f + " was removed"));
    }

    [Fact]
    public async Task Stop_removes_only_what_start_makes()
    {
        Lay([.. Made, "notes.txt"]);

        Assert.Equal(0, await Stop());

        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
    }

    private void Lay(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(dir, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
        }
    }

    private async Task<int> Stop(params string[] options)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(ClusterFixture.FindRepositoryRoot(), "deploy", "cluster", "run-local.sh"));
        start.ArgumentList.Add("stop");
        foreach (var option in options) start.ArgumentList.Add(option);
        start.Environment["METERING_CLUSTER_DIR"] = dir;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await output + await error);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
