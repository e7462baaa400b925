namespace Orleans.Metering.Cim.Codes;

/// <summary>
/// An IEC 61968-100 Annex B reply code (<c>category.number</c>). This class is the project's one
/// table of reply codes: every reply, fault and error anywhere in the platform takes its code from here.
/// </summary>
public sealed record ReplyCode(string Code, string Description)
{
    // 0: OK, partial, acknowledgement
    public static readonly ReplyCode NoErrors = new("0.0", "No errors");
    public static readonly ReplyCode PartialMoreFollow = new("0.1", "Partial result, more results follow in further messages");
    public static readonly ReplyCode PartialNoMoreFollow = new("0.2", "Partial result, no further results follow");
    public static readonly ReplyCode Acknowledged = new("0.3", "Request accepted, the outcome follows asynchronously");

    // 1: missing or bad element
    public static readonly ReplyCode HeaderMissing = new("1.5", "Mandatory Header element(s) missing");
    public static readonly ReplyCode RequestMissing = new("1.6", "Mandatory Request element(s) missing");
    public static readonly ReplyCode PayloadMissing = new("1.7", "Mandatory Payload element(s) missing");
    public static readonly ReplyCode SchemaInvalid = new("1.8", "Message does not validate against its schema");
    public static readonly ReplyCode UnsupportedRevision = new("1.9", "Unsupported message revision");

    // 2: invalid value
    public static readonly ReplyCode InvalidEndDevice = new("2.4", "Invalid meter(s) / end device(s)");
    public static readonly ReplyCode InvalidNoun = new("2.5", "Invalid noun");
    public static readonly ReplyCode InvalidReadingType = new("2.6", "Invalid reading type(s)");
    public static readonly ReplyCode InvalidVerb = new("2.9", "Invalid verb");
    public static readonly ReplyCode UnsupportedReadingType = new("2.10", "Unsupported reading type(s)");
    public static readonly ReplyCode InvalidUsagePoint = new("2.12", "Invalid usage point(s)");
    public static readonly ReplyCode MeterUsagePointMismatch = new("2.13", "Meter / usage point mismatch");
    public static readonly ReplyCode InvalidSource = new("2.14", "Invalid source");
    public static readonly ReplyCode InvalidValue = new("2.32", "Invalid value");

    // 3: too many values
    public static readonly ReplyCode TooManyItems = new("3.1", "Too many items in the request");
    public static readonly ReplyCode TooManyPendingRequests = new("3.2", "Too many pending requests");

    // 4: timeout
    public static readonly ReplyCode TimedOut = new("4.1", "Request timed out");

    // 5: application error
    public static readonly ReplyCode SystemBusy = new("5.1", "System too busy");
    public static readonly ReplyCode NotAttempted = new("5.2", "Transaction not attempted");
    public static readonly ReplyCode AttemptedAndFailed = new("5.3", "Transaction attempted and failed");
    public static readonly ReplyCode MultipleErrorTypes = new("5.4", "Multiple error types");
    public static readonly ReplyCode MandatoryFieldMissing = new("5.8", "Mandatory field(s) missing");
    public static readonly ReplyCode AbortedForIntegrity = new("5.9", "Aborted to keep transactional integrity");

    // 6: business-rule outcome
    public static readonly ReplyCode Cancelled = new("6.1", "Cancelled");
    public static readonly ReplyCode OnHold = new("6.2", "On hold");
    public static readonly ReplyCode Released = new("6.3", "Released");
    public static readonly ReplyCode Rescheduled = new("6.4", "Rescheduled");
    public static readonly ReplyCode CancelledByUser = new("6.5", "Cancelled by user");

    // 7: security
    public static readonly ReplyCode AuthenticationTemporarilyFailed = new("7.1", "Authentication temporarily failed");
    public static readonly ReplyCode AuthenticationRequired = new("7.2", "Authentication required");
    public static readonly ReplyCode AuthenticationMechanismInsufficient = new("7.3", "Authentication mechanism insufficient");
    public static readonly ReplyCode AuthenticationFailed = new("7.4", "Authentication failed");
    public static readonly ReplyCode NotAuthorised = new("7.5", "Action not authorised for user");
    public static readonly ReplyCode EncryptionRequired = new("7.6", "Encryption required");
    public static readonly ReplyCode PolicyViolation = new("7.7", "Policy violation");

    /// <summary>Every code, in table order.</summary>
    public static IReadOnlyList<ReplyCode> All { get; } =
    [
        NoErrors, PartialMoreFollow, PartialNoMoreFollow, Acknowledged,
        HeaderMissing, RequestMissing, PayloadMissing, SchemaInvalid, UnsupportedRevision,
        InvalidEndDevice, InvalidNoun, InvalidReadingType, InvalidVerb, UnsupportedReadingType,
        InvalidUsagePoint, MeterUsagePointMismatch, InvalidSource, InvalidValue,
        TooManyItems, TooManyPendingRequests, TimedOut,
        SystemBusy, NotAttempted, AttemptedAndFailed, MultipleErrorTypes, MandatoryFieldMissing, AbortedForIntegrity,
        Cancelled, OnHold, Released, Rescheduled, CancelledByUser,
        AuthenticationTemporarilyFailed, AuthenticationRequired, AuthenticationMechanismInsufficient,
        AuthenticationFailed, NotAuthorised, EncryptionRequired, PolicyViolation,
    ];

    private static readonly Dictionary<string, ReplyCode> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Looks up a code such as <c>2.4</c>; null when the table has no such code.</summary>
    public static ReplyCode? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>True for category 0 (no error, partial, acknowledgement).</summary>
    public bool IsSuccess => Code.StartsWith("0.", StringComparison.Ordinal);

    public override string ToString() => Code + " " + Description;
}
