using Microsoft.Extensions.DependencyInjection;
using Orleans.Metering.Silo;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway.Tests;

public sealed class DataDirectoryTests
{
    [Fact]
    public async Task A_relative_data_directory_is_under_the_content_root_not_the_working_directory()
    {
        var relative = "data-test-" + Guid.NewGuid().ToString("N");
        await using var app = await MeteringHost.Build(["--Metering:Storage=Sqlite", "--Metering:DataDirectory=" + relative, "--Logging:LogLevel:Default=Warning"]);
        var contentRoot = app.Environment.ContentRootPath;
        try
        {
            var storage = app.Services.GetRequiredService<MeteringStorageOptions>();

            Assert.Equal(Path.Combine(contentRoot, relative), storage.DataDirectory);
            Assert.StartsWith(Path.Combine(contentRoot, relative), storage.SqlitePath, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(contentRoot, "Orleans.Metering.sln")), "the content root is the repository root in a checkout");
        }
        finally
        {
            if (Directory.Exists(Path.Combine(contentRoot, relative)))
            {
                Directory.Delete(Path.Combine(contentRoot, relative), recursive: true);
            }
        }
    }

    [Fact]
    public async Task Migrate_puts_the_database_where_the_silo_looks_for_it()
    {
        var relative = "data-test-" + Guid.NewGuid().ToString("N");
        var args = new[] { "--Metering:Storage=Sqlite", "--Metering:DataDirectory=" + relative, "--Logging:LogLevel:Default=Warning" };
        var expected = MeteringHost.StorageOptionsOf(MeteringHost.CreateBuilder(args)).SqlitePath;
        try
        {
            Assert.Equal(0, await MigrateCommand.Run(args));
            Assert.True(File.Exists(expected), $"migrate wrote somewhere else than {expected}");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(expected)!, recursive: true);
        }
    }
}
