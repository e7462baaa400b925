using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Metering.Cluster.Tests.Support;

/// <summary>
/// A real cluster, as deploy/cluster/run-local.sh runs it: a private PostgreSQL, the simulated
/// head-end as its own process (Orleans.Metering.Tools.dll <c>headend</c>), and 3 silo processes (each
/// with the CIM gateway, from the built Orleans.Metering.Silo.dll), on free loopback ports. Failure detection is
/// shortened (Orleans:Membership) so that a killed silo is declared dead within seconds. When no
/// PostgreSQL server can be started, <see cref="Unavailable"/> says why and the tests skip.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int SiloCount = 3;

    /// <summary>How long the simulated devices take to execute a control: long enough to kill a silo meanwhile.</summary>
    public static readonly TimeSpan DeviceDelay = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Devices whose outcome the head-end reports only <see cref="LateReportDelay"/> after executing:
    /// a device grain that comes back after a kill meets them executed but not yet reported, and must
    /// reconcile (ask the device) instead of sending the command again.
    /// </summary>
    public const string LateReportPrefix = "LATE-";

    public static readonly TimeSpan LateReportDelay = TimeSpan.FromSeconds(20);

    /// <summary>Longer than a device's delay plus the late report, so those controls end by their report; short enough to wait for expiry.</summary>
    public static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(30);

    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), $"metering-cluster-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
    private readonly List<ClusterProcess?> silos = [];
    private ClusterProcess? headEnd;
    private string siloDll = "";
    private string toolsDll = "";
    private string repositoryRoot = "";

    public string? Unavailable { get; private set; }

    public PrivatePostgres Postgres { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(90) };

    public IReadOnlyList<Uri> SiloUrls { get; private set; } = [];

    public Uri HeadEndUrl { get; private set; } = null!;

    private int[] siloPorts = [];
    private int[] gatewayPorts = [];

    public const string ClusterId = "cluster-tests";

    public bool IsRunning(int silo) => silos[silo] is { HasExited: false };

    /// <summary>Which silo (index) holds each active EndDevice grain among <paramref name="deviceIds"/>, asked through the other silos' gateways.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SilosOfDevices(IEnumerable<string> deviceIds, int askAround)
    {
        var gateways = gatewayPorts.Where((_, i) => i != askAround && IsRunning(i));
        var ports = await Placement.SiloPortsOfDevices(gateways, ClusterId, deviceIds);
        return ports.ToDictionary(p => p.Key, p => Array.IndexOf(siloPorts, p.Value), StringComparer.Ordinal);
    }

    public async Task InitializeAsync()
    {
        repositoryRoot = FindRepositoryRoot();
        siloDll = FindDll(repositoryRoot, "METERING_SILO_DLL", "Orleans.Metering.Silo");
        toolsDll = FindDll(repositoryRoot, "METERING_TOOLS_DLL", "Orleans.Metering.Tools");
        Directory.CreateDirectory(workDirectory);
        var (server, why) = PrivatePostgres.TryStart(repositoryRoot, Path.Combine(workDirectory, "pgdata"));
        if (server is null)
        {
            Unavailable = why;
            return;
        }

        Postgres = server;
        ConnectionString = await server.CreateDatabase("metering");

        var httpPorts = Enumerable.Range(0, SiloCount).Select(_ => FreePort()).ToArray();
        siloPorts = [.. Enumerable.Range(0, SiloCount).Select(_ => FreePort())];
        gatewayPorts = [.. Enumerable.Range(0, SiloCount).Select(_ => FreePort())];
        SiloUrls = [.. httpPorts.Select(p => new Uri($"http://127.0.0.1:{p}"))];
        HeadEndUrl = new Uri($"http://127.0.0.1:{FreePort()}");

        headEnd = ClusterProcess.Start(toolsDll, repositoryRoot, Path.Combine(workDirectory, "headend.log"),
            "headend",
            "--urls", HeadEndUrl.ToString().TrimEnd('/'),
            "--Metering:HeadEnd:PlatformUrls=" + string.Join(',', SiloUrls.Select(u => u.ToString().TrimEnd('/'))),
            "--Metering:HeadEnd:ReportTimeout=00:00:05",
            "--Metering:HeadEnd:LateReportPrefix=" + LateReportPrefix,
            "--Metering:HeadEnd:LateReportDelay=" + LateReportDelay.ToString("c", CultureInfo.InvariantCulture),
            "--Metering:SimulatedHeadEnd:Delay=" + DeviceDelay.ToString("c", CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default=Warning");
        for (var i = 0; i < SiloCount; i++)
        {
            silos.Add(StartSilo(i));
        }

        await WaitUntil(async () => await Get(new Uri(HeadEndUrl, "/health")) == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the head-end did not start; " + Tail("headend.log"));
        for (var i = 0; i < SiloCount; i++)
        {
            await WaitReady(i, TimeSpan.FromSeconds(90));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in silos)
        {
            silo?.Kill();
        }

        headEnd?.Kill();
        Postgres?.Stop();
        Http.Dispose();
        if (Environment.GetEnvironmentVariable("METERING_KEEP_CLUSTER_LOGS") is null)
        {
            try
            {
                Directory.Delete(workDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        await Task.CompletedTask;
    }

    /// <summary>A real kill (SIGKILL): no graceful shutdown, no deactivation, no membership goodbye.</summary>
    public void Kill(int silo)
    {
        silos[silo]!.Kill();
    }

    /// <summary>Starts a killed silo again (same ports, as run-local.sh restart does) and waits until it is ready.</summary>
    public async Task Restart(int silo)
    {
        silos[silo] = StartSilo(silo);
        await WaitReady(silo, TimeSpan.FromSeconds(90));
    }

    /// <summary>Makes sure every silo runs and is ready (a test that killed one may have left it down).</summary>
    public async Task EnsureAllRunning()
    {
        for (var i = 0; i < SiloCount; i++)
        {
            if (!IsRunning(i))
            {
                await Restart(i);
            }
        }

        for (var i = 0; i < SiloCount; i++)
        {
            await WaitReady(i, TimeSpan.FromSeconds(60));
        }
    }

    public async Task WaitReady(int silo, TimeSpan within) =>
        await WaitUntil(async () => await Get(new Uri(SiloUrls[silo], "/health/ready")) == HttpStatusCode.OK, within,
            $"silo {silo + 1} did not become ready; " + Tail($"silo{silo + 1}.log"));

    /// <summary>The last lines of a process log, for failure messages.</summary>
    public string Tail(string log, int lines = 40)
    {
        var path = Path.Combine(workDirectory, log);
        return File.Exists(path) ? $"{log}:\n" + string.Join('\n', ReadShared(path).Split('\n').TakeLast(lines)) : log + " missing";
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private ClusterProcess StartSilo(int i) =>
        ClusterProcess.Start(siloDll, repositoryRoot, Path.Combine(workDirectory, $"silo{i + 1}.log"),
            "--urls", SiloUrls[i].ToString().TrimEnd('/'),
            "--Metering:Storage=Postgres",
            "--ConnectionStrings:Metering=" + ConnectionString,
            "--Orleans:SiloPort=" + siloPorts[i].ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort=" + gatewayPorts[i].ToString(CultureInfo.InvariantCulture),
            "--Orleans:ClusterId=" + ClusterId,
            "--Orleans:Membership:ProbeTimeout=00:00:02",
            "--Orleans:Membership:NumMissedProbesLimit=2",
            "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:05",
            "--Metering:HeadEnd:Url=" + HeadEndUrl.ToString().TrimEnd('/'),
            "--Metering:EndDevice:ControlTimeout=" + ControlTimeout.ToString("c", CultureInfo.InvariantCulture),
            "--Metering:Gateway:SyncReplyTimeout=00:00:01",
            "--Metering:Gateway:DeliveryPollInterval=00:00:00.200",
            "--Metering:Gateway:FirstDeliveryBackoff=00:00:00.500",
            "--Metering:Gateway:MaxDeliveryBackoff=00:00:02",
            "--Logging:LogLevel:Default=Warning");

    private async Task<HttpStatusCode?> Get(Uri url)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = await Http.GetAsync(url, timeout.Token);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan within, string failure)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > within)
            {
                throw new TimeoutException($"Not within {within}: {failure}");
            }

            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Metering.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.Metering.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The program named by <paramref name="variable"/> (e.g. a published one), else <paramref name="project"/> built in this test's configuration.</summary>
    private static string FindDll(string root, string variable, string project)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
        {
            return given;
        }

        // .../tests/Orleans.Metering.Cluster.Tests/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var dll = Path.Combine(root, "src", project, "bin", configuration, tfm.Name, project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException(project + " is not built (dotnet build builds it with this project)", dll);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>One process of the cluster, its output going to a log file.</summary>
public sealed class ClusterProcess
{
    private readonly Process process;
    private readonly StreamWriter log;

    private ClusterProcess(Process process, StreamWriter log)
    {
        this.process = process;
        this.log = log;
    }

    public bool HasExited => process.HasExited;

    public static ClusterProcess Start(string dll, string workingDirectory, string logPath, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var writer = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => { lock (gate) { if (e.Data is not null) { writer.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { lock (gate) { if (e.Data is not null) { writer.WriteLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ClusterProcess(process, writer);
    }

    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }
}
