using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.EndDevices;

namespace Orleans.Metering.Grains.Tests;

/// <summary>The control lifecycle's rules alone, without a cluster.</summary>
public sealed class ControlBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly EndDeviceOptions Options = new() { ControlTimeout = TimeSpan.FromMinutes(2), FinalControlsKept = 2, FinalControlRetention = TimeSpan.FromDays(30) };

    private static ControlStatus Control(string id, ControlState state, DateTimeOffset? accepted = null) => new()
    {
        ControlId = id,
        DeviceId = "MTR-1",
        ControlType = "3.31.0.23",
        State = state,
        AcceptedAt = accepted ?? Now,
    };

    [Fact]
    public void The_next_due_is_the_earliest_of_starts_timeouts_and_controls_to_ask_about()
    {
        var controls = new List<ControlStatus>
        {
            Control("scheduled", ControlState.Scheduled) with { StartDateTime = Now.AddMinutes(10) },
            Control("dispatched", ControlState.Dispatched, Now.AddSeconds(-30)) with { DispatchedAt = Now.AddSeconds(-30) },
            Control("done", ControlState.Executed, Now.AddDays(-1)),
        };
        var book = new ControlBook(controls, Options);

        Assert.Equal(Now.AddSeconds(90), book.NextDue(Now));

        controls.Add(Control("accepted", ControlState.Accepted));
        Assert.Equal(Now, book.NextDue(Now));
        Assert.Null(new ControlBook([Control("done", ControlState.Expired)], Options).NextDue(Now));
    }

    [Fact]
    public void A_control_awaits_the_device_when_accepted_or_dispatched_past_the_timeout()
    {
        var book = new ControlBook([], Options);
        var dispatched = Control("d", ControlState.Dispatched) with { DispatchedAt = Now };

        Assert.True(book.AwaitsDevice(Control("a", ControlState.Accepted), Now));
        Assert.False(book.AwaitsDevice(dispatched, Now.AddSeconds(119)));
        Assert.True(book.AwaitsDevice(dispatched, Now.AddSeconds(120)));
        Assert.False(book.AwaitsDevice(Control("s", ControlState.Scheduled), Now));
    }

    [Theory]
    [InlineData(true, SwitchState.Disconnected, 10, ControlState.Dispatched, ControlVerdict.Executed)]
    [InlineData(true, SwitchState.Connected, 200, ControlState.Dispatched, ControlVerdict.Expired)]
    [InlineData(false, SwitchState.Unknown, 200, ControlState.Accepted, ControlVerdict.Expired)]
    [InlineData(true, SwitchState.Connected, 10, ControlState.Accepted, ControlVerdict.SendAgain)]
    [InlineData(false, SwitchState.Unknown, 10, ControlState.Dispatched, ControlVerdict.Wait)]
    public void The_device_answer_decides_each_control(bool reachable, SwitchState switchNow, int secondsSinceAccepted, ControlState state, ControlVerdict verdict)
    {
        var control = Control("c", state);

        Assert.Equal(verdict, ControlBook.Judge(control, reachable, switchNow, SwitchState.Disconnected, Now.AddSeconds(secondsSinceAccepted), Options.ControlTimeout));
    }

    [Fact]
    public void Final_controls_are_kept_by_count_and_by_age_and_open_ones_always()
    {
        var controls = new List<ControlStatus>
        {
            Control("old", ControlState.Executed, Now.AddDays(-40)) with { CompletedAt = Now.AddDays(-40) },
            Control("open", ControlState.Scheduled, Now.AddDays(-40)),
            Control("f1", ControlState.Failed, Now.AddDays(-3)) with { CompletedAt = Now.AddDays(-3) },
            Control("f2", ControlState.Expired, Now.AddDays(-2)) with { CompletedAt = Now.AddDays(-2) },
            Control("f3", ControlState.Executed, Now.AddDays(-1)) with { CompletedAt = Now.AddDays(-1) },
        };

        new ControlBook(controls, Options).TrimFinal(Now);

        Assert.Equal(["open", "f2", "f3"], controls.Select(c => c.ControlId));
    }

    [Fact]
    public void The_memo_drops_entries_by_count_and_by_age()
    {
        var memo = new MessageMemo();
        static MemoEntry At(string id, DateTimeOffset at) => new("S", id, "d", CommandOutcome.Ok("0.0", "ok"), null, at);

        memo.Remember(At("m1", Now.AddDays(-8)), capacity: 3, maxAge: TimeSpan.FromDays(7));
        memo.Remember(At("m2", Now.AddDays(-2)), capacity: 3, maxAge: TimeSpan.FromDays(7));
        Assert.Equal(["m1", "m2"], memo.Entries.Select(e => e.MessageId));

        memo.Remember(At("m3", Now), capacity: 3, maxAge: TimeSpan.FromDays(7));
        Assert.Equal(["m2", "m3"], memo.Entries.Select(e => e.MessageId));

        memo.Remember(At("m4", Now), capacity: 3, maxAge: TimeSpan.FromDays(7));
        memo.Remember(At("m5", Now), capacity: 3, maxAge: TimeSpan.FromDays(7));
        Assert.Equal(["m3", "m4", "m5"], memo.Entries.Select(e => e.MessageId));
        Assert.Null(memo.Find(new MessageKey("S", "m2", "d")));
    }
}
