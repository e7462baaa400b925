using Orleans.Metering.Silo;
using Orleans.Metering.Tools;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Every command of the silo and the tools executables answers --help with its usage (exit 0), and the README names them all.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string[]> SiloHelp() => new()
    {
        new[] { "--help" },
        new[] { "-h" },
        new[] { "help" },
        new[] { "--Metering:Storage=Memory", "--help" },
        new[] { "migrate", "--help" },
        new[] { "outbox", "--help" },
        new[] { "outbox", "requeue", "--all", "-?" },
    };

    [Theory]
    [MemberData(nameof(SiloHelp))]
    public async Task The_silo_prints_usage_for_help_and_does_nothing_else(string[] args)
    {
        var data = Path.Combine(Path.GetTempPath(), "metering-help-" + Guid.NewGuid().ToString("N"));
        var (output, error) = (new StringWriter(), new StringWriter());

        var code = await SiloCommands.Run([.. args, "--Metering:DataDirectory=" + data], output, error);

        Assert.Equal(0, code);
        Assert.StartsWith("usage: dotnet run --project src/Orleans.Metering.Silo -- " + (args[0] is "migrate" or "outbox" ? args[0] : "[COMMAND]"), output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", error.ToString());
        Assert.False(Directory.Exists(data), "help touched the data directory");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("simulate", "--help")]
    [InlineData("headend", "--help")]
    [InlineData("check", "-h")]
    [InlineData("replies", "--help")]
    public async Task The_tools_print_usage_for_help(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var code = await ToolCommands.Run(args, output, error);

        Assert.Equal(0, code);
        Assert.StartsWith("usage: dotnet run --project src/Orleans.Metering.Tools -- " + (args.Length > 1 ? args[0] : "COMMAND"), output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", error.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    public async Task The_tools_without_a_known_command_print_the_overview_and_exit_2(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(2, await ToolCommands.Run(args, output, error));
        Assert.Contains("simulate", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replies")]
    [InlineData("replies", "--url", "http://127.0.0.1:1", "--controls", "ten")]
    [InlineData("replies", "--url", "ftp://127.0.0.1:1")]
    [InlineData("replies", "--url", "http://127.0.0.1:1", "--settle")]
    [InlineData("check", "--journal", "/no/such/file")]
    [InlineData("check", "--journal", "x", "--url", "not a url")]
    public async Task A_drill_command_with_a_bad_option_exits_2_before_doing_anything(params string[] args) =>
        Assert.Equal(2, await ToolCommands.Run(args, new StringWriter(), new StringWriter()));

    [Fact]
    public void Option_pairs_name_the_option_whose_value_is_wrong()
    {
        var options = new OptionPairs(["--controls", "0", "--url", "http://a"]);

        Assert.Equal("http://a", options.Text("url"));
        Assert.Equal(7, options.PositiveInt("settle", 7));
        Assert.Contains("--controls", Assert.Throws<ArgumentException>(() => options.PositiveInt("controls", 30)).Message, StringComparison.Ordinal);
        Assert.Contains("--settle needs a value", Assert.Throws<ArgumentException>(() => new OptionPairs(["--settle"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_names_every_command_of_both_executables()
    {
        var configuration = Readme.Section("## Configuration");
        var missing = SiloCommands.Commands.Keys.Concat(ToolCommands.Commands.Keys)
            .Where(command => !configuration.Contains("`" + command, StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, "commands the README's Configuration section does not name: " + string.Join(", ", missing));
        foreach (var command in ToolCommands.Commands.Keys)
        {
            Assert.Contains(command, ToolCommands.Overview, StringComparison.Ordinal);
        }
    }
}
