using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Gateway;

/// <summary>Maps CIM profile documents to the platform's own records and back. XML never reaches a grain.</summary>
public static class CimMapping
{
    public static EndDeviceRegistration ToRegistration(MeterAsset meter, string mrid)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return new EndDeviceRegistration
        {
            MRID = mrid,
            Names = [.. meter.Names.Select(n => new DeviceName(n.Name, n.NameType, n.NameTypeAuthority))],
            SerialNumber = meter.SerialNumber,
            Type = meter.Type,
            AmrSystem = meter.AmrSystem,
            Status = meter.Status?.Value,
            InstallationDate = meter.Lifecycle?.InstallationDate,
            RemovalDate = meter.Lifecycle?.RemovalDate,
            RetiredDate = meter.Lifecycle?.RetiredDate,
            ManufacturedDate = meter.Lifecycle?.ManufacturedDate,
            ModelNumber = meter.Model?.ModelNumber,
            Manufacturer = meter.Model?.ManufacturerName,
            TimeZoneOffsetMinutes = meter.TimeZoneOffset,
            FormNumber = meter.FormNumber,
        };
    }

    public static MeterAsset ToMeterAsset(EndDeviceSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var r = snapshot.Registration;
        var hasLifecycle = r.InstallationDate is not null || r.RemovalDate is not null || r.RetiredDate is not null || r.ManufacturedDate is not null;
        return new MeterAsset
        {
            MRID = r.MRID,
            Names = [.. r.Names.Select(n => new CimName(n.Name, n.NameType, n.NameTypeAuthority))],
            SerialNumber = r.SerialNumber,
            Type = r.Type,
            AmrSystem = r.AmrSystem,
            FormNumber = r.FormNumber,
            TimeZoneOffset = r.TimeZoneOffsetMinutes,
            Status = r.Status is null ? null : new CimStatus(r.Status),
            Lifecycle = hasLifecycle
                ? new MeterLifecycle { InstallationDate = r.InstallationDate, RemovalDate = r.RemovalDate, RetiredDate = r.RetiredDate, ManufacturedDate = r.ManufacturedDate }
                : null,
            Model = r.ModelNumber is null && r.Manufacturer is null ? null : new MeterModel { ModelNumber = r.ModelNumber, ManufacturerName = r.Manufacturer },
        };
    }

    public static EndDeviceEvent ToDocument(DeviceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EndDeviceEvent
        {
            MRID = e.EventId,
            CreatedDateTime = e.CreatedDateTime,
            IssuerID = e.IssuerID,
            IssuerTrackingID = e.IssuerTrackingID,
            Reason = e.Reason,
            Severity = e.Severity,
            UserID = e.UserID,
            Asset = ObjectRef.ById(e.DeviceId),
            Details = [.. e.Details.Select(d => new EndDeviceEventDetail(d.Name, d.Value))],
            EventTypeRef = e.EventType,
            UsagePoint = e.UsagePointId is null ? null : ObjectRef.ById(e.UsagePointId),
        };
    }

    /// <summary>An event reported by a head-end. Without an mRID it gets a stable one, so a re-sent event is stored once.</summary>
    public static DeviceEvent ToDeviceEvent(EndDeviceEvent e, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new DeviceEvent
        {
            EventId = e.MRID ?? $"{deviceId}:{e.EventTypeRef}:{e.CreatedDateTime.UtcTicks}",
            DeviceId = deviceId,
            EventType = e.EventTypeRef,
            CreatedDateTime = e.CreatedDateTime,
            Reason = e.Reason,
            Severity = e.Severity,
            IssuerID = e.IssuerID,
            IssuerTrackingID = e.IssuerTrackingID,
            UserID = e.UserID,
            Details = [.. e.Details.Select(d => new EventDetail(d.Name, d.Value))],
            UsagePointId = e.UsagePoint?.Identifier,
        };
    }
}
