namespace Orleans.Metering.Silo;

/// <summary><c>migrate</c>: applies the schema of the configured storage and exits (for operators who migrate before rolling silos).</summary>
public static class MigrateCommand
{
    public static async Task<int> Run(string[] args)
    {
        var builder = MeteringHost.CreateBuilder(args);
        try
        {
            await using var storage = await CommandStorage.Open("migrate", builder, Console.Error);
            if (storage is null)
            {
                return 2;
            }

            var version = await storage.Migrate();
            Console.WriteLine($"{storage.Options.Storage} schema at version {version}");
            return 0;
        }
        catch (Exception e) when (CommandStorage.IsStorageFailure(e))
        {
            await Console.Error.WriteLineAsync("migrate failed: " + e.Message);
            return 1;
        }
    }
}
