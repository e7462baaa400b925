using System.Net.Sockets;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Database, cluster and network failures are 5.1 (retry later); anything else a handler meets is 5.3.</summary>
public sealed class TransientFailuresTests
{
    private sealed class TestDbException(string message) : System.Data.Common.DbException(message);

    public static TheoryData<Exception, string> Cases => new()
    {
        { new TestDbException("connection refused"), "5.1" },
        { new InvalidOperationException("grain call failed", new TestDbException("the database system is shutting down")), "5.1" },
        { new TimeoutException(), "5.1" },
        { new AggregateException(new InvalidOperationException("a"), new SocketException()), "5.1" },
        { new Orleans.Runtime.SiloUnavailableException(), "5.1" },
        { new InvalidOperationException("the head-end refused the command"), "5.3" },
        { new ArgumentException("bad"), "5.3" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_code_follows_the_cause(Exception e, string code) => Assert.Equal(code, TransientFailures.CodeFor(e).Code);

    [Fact]
    public void The_description_names_the_database_error_rather_than_its_wrapper() =>
        Assert.Equal("TestDbException: down", TransientFailures.Describe(new InvalidOperationException("wrapper", new TestDbException("down"))));
}
