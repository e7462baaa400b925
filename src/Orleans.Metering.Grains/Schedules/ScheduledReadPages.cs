using System.Globalization;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Grains.Schedules;

/// <summary>
/// One occurrence's results as outbox rows of at most a given number of values each, numbered like the
/// pages of an asynchronous get MeterReadings, in the order of the schedule's meters.
/// </summary>
public static class ScheduledReadPages
{
    /// <summary>
    /// Queues the pages, ids <c>{schedule}@{occurrence ticks}/{page}</c>: the page number is zero-padded to the
    /// width of the count, so that the outbox (oldest first, then by id) delivers them in order.
    /// </summary>
    public static async Task Enqueue(IReplyOutbox outbox, ReadScheduleDefinition schedule, DateTimeOffset occurrence, IReadOnlyList<ScheduledMeterRead> reads, int maxValues, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(reads);
        var pages = Cut(reads, maxValues);
        var metersRead = reads.Count(r => r.Problems.Count == 0);
        for (var i = 0; i < pages.Count; i++)
        {
            var notice = new ScheduledReadingsNotice(schedule.Subscriber, schedule.ScheduleId, occurrence, pages[i])
            {
                Page = i + 1,
                Pages = pages.Count,
                Meters = reads.Count,
                MetersRead = metersRead,
            };
            var id = $"{schedule.ScheduleId}@{occurrence.UtcTicks}/{OutboxPages.Number(i + 1, pages.Count)}";
            await outbox.Enqueue(new OutboxItem(id, schedule.Subscriber.Address, ScheduledReadingsNotice.Kind, StoreJson.Serialize(notice), 0, now, now));
        }
    }

    /// <summary>
    /// Pages of at most <paramref name="maxValues"/> values (at least one page); a meter or a series that
    /// does not fit goes on in the next page. A meter's problems travel with its first part.
    /// </summary>
    public static List<List<ScheduledMeterRead>> Cut(IReadOnlyList<ScheduledMeterRead> reads, int maxValues)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxValues);
        var pages = new List<List<ScheduledMeterRead>> { new() };
        var room = maxValues;
        foreach (var read in reads)
        {
            var part = read with { Series = [] };
            foreach (var series in read.Series)
            {
                var taken = 0;
                do
                {
                    if (room == 0)
                    {
                        if (part.Series.Count > 0 || part.Problems.Count > 0)
                        {
                            pages[^1].Add(part);
                            part = read with { Series = [], Problems = [] };
                        }

                        pages.Add([]);
                        room = maxValues;
                    }

                    var take = Math.Min(room, series.Values.Count - taken);
                    var slice = take == series.Values.Count ? series : series with { Values = [.. series.Values.Skip(taken).Take(take)] };
                    part = part with { Series = [.. part.Series, slice] };
                    taken += take;
                    room -= take;
                }
                while (taken < series.Values.Count);
            }

            pages[^1].Add(part);
        }

        return pages;
    }
}
