namespace Orleans.Metering.Cim.Codes;

/// <summary>
/// An IEC 61968-100 Annex B reply code (<c>category.number</c>). This class is the project's one
/// table of reply codes: every reply, fault and error anywhere in the platform takes its code from here.
/// Codes and descriptions are the Annex B table of shared/cim/REFERENCE.md section 8; a test checks them.
/// </summary>
public sealed record ReplyCode(string Code, string Description)
{
    // 0: OK, partial, acknowledgement
    public static readonly ReplyCode NoErrors = new("0.0", "No errors");
    public static readonly ReplyCode PartialMoreFollow = new("0.1", "Partial result (additional results conveyed in separate messages)");
    public static readonly ReplyCode PartialNoMoreFollow = new("0.2", "Partial result (no further results to follow)");
    public static readonly ReplyCode Acknowledged = new("0.3", "Simple acknowledgement");

    // 1: missing or bad element
    public static readonly ReplyCode HeaderMissing = new("1.5", "Mandatory Header elements missing");
    public static readonly ReplyCode RequestMissing = new("1.6", "Mandatory Request elements missing");
    public static readonly ReplyCode PayloadMissing = new("1.7", "Mandatory Payload elements missing");
    public static readonly ReplyCode SchemaInvalid = new("1.8", "Format of request does not validate against schema");
    public static readonly ReplyCode UnsupportedRevision = new("1.9", "Unsupported message revision in Header");

    // 2: invalid value
    public static readonly ReplyCode InvalidEndDevice = new("2.4", "Invalid Meter(s)");
    public static readonly ReplyCode InvalidNoun = new("2.5", "Invalid Noun");
    public static readonly ReplyCode InvalidReadingType = new("2.6", "Invalid ReadingType(s)");
    public static readonly ReplyCode InvalidVerb = new("2.9", "Invalid Verb");
    public static readonly ReplyCode UnsupportedReadingType = new("2.10", "Unsupported ReadingType(s)");
    public static readonly ReplyCode InvalidUsagePoint = new("2.12", "Invalid UsagePoint(s)");
    public static readonly ReplyCode MeterUsagePointMismatch = new("2.13", "Meter / UsagePoint mismatch");
    public static readonly ReplyCode InvalidSource = new("2.14", "Invalid Source");
    public static readonly ReplyCode InvalidRequestId = new("2.15", "Invalid Request ID(s)");
    public static readonly ReplyCode InvalidServiceLocation = new("2.16", "Invalid ServiceLocation(s)");
    public static readonly ReplyCode MeterServiceLocationMismatch = new("2.17", "Meter / ServiceLocation mismatch");
    public static readonly ReplyCode ComModuleMeterMismatch = new("2.18", "ComModule / Meter mismatch");
    public static readonly ReplyCode InvalidCustomerAccount = new("2.19", "Invalid CustomerAccount(s)");
    public static readonly ReplyCode InvalidServiceSupplier = new("2.20", "Invalid ServiceSupplier(s)");
    public static readonly ReplyCode CustomerAccountServiceSupplierMismatch = new("2.21", "CustomerAccount / ServiceSupplier mismatch");
    public static readonly ReplyCode InvalidCustomer = new("2.22", "Invalid Customer(s)");
    public static readonly ReplyCode CustomerCustomerAccountMismatch = new("2.23", "Customer / CustomerAccount mismatch");
    public static readonly ReplyCode InvalidCustomerAgreement = new("2.24", "Invalid CustomerAgreement(s)");
    public static readonly ReplyCode CustomerAccountCustomerAgreementMismatch = new("2.25", "CustomerAccount / CustomerAgreement mismatch");
    public static readonly ReplyCode CustomerAgreementUsagePointMismatch = new("2.26", "CustomerAgreement / UsagePoint mismatch");
    public static readonly ReplyCode CustomerAccountUsagePointMismatch = new("2.27", "CustomerAccount / UsagePoint mismatch");
    public static readonly ReplyCode ServiceSupplierUsagePointMismatch = new("2.28", "ServiceSupplier / UsagePoint mismatch");
    public static readonly ReplyCode ObjectRelationshipMismatch = new("2.29", "Object relationship mismatch");
    public static readonly ReplyCode InvalidComModule = new("2.30", "Invalid ComModule(s)");
    public static readonly ReplyCode InvalidServiceCategory = new("2.31", "Invalid ServiceCategory(ies)");

    // Only for UsagePointLocations: there is no generic "bad value" code (REFERENCE.md section 8).
    public static readonly ReplyCode InvalidUsagePointLocation = new("2.32", "Invalid UsagePointLocation(s)");
    public static readonly ReplyCode InvalidPricingStructure = new("2.33", "Invalid PricingStructure(s)");

    // 3: too many values
    public static readonly ReplyCode TooManyItems = new("3.1", "Too many items in request");
    public static readonly ReplyCode TooManyPendingRequests = new("3.2", "Too many pending requests");

    // 4: timeout
    public static readonly ReplyCode TimedOut = new("4.1", "Request timed out");

    // 5: application error
    public static readonly ReplyCode SystemBusy = new("5.1", "Unable to process the request: high system activity level");
    public static readonly ReplyCode NotAttempted = new("5.2", "Unable to process the request: transaction not attempted");
    public static readonly ReplyCode AttemptedAndFailed = new("5.3", "Unable to process the request: transaction attempted and failed");
    public static readonly ReplyCode MultipleErrorTypes = new("5.4", "Unable to process the request: multiple error types encountered");
    public static readonly ReplyCode ReadingTypesUnavailableInMdms = new("5.5", "Some or all of the requested ReadingTypes are unavailable in the MDMS");
    public static readonly ReplyCode ReadingTypesUnavailableInHeadEnd = new("5.6", "Some or all of the requested ReadingTypes are unavailable in the AMI (head-end)");
    public static readonly ReplyCode DataUnavailable = new("5.7", "Some or all of the requested data is unavailable");
    public static readonly ReplyCode MandatoryFieldMissing = new("5.8", "Unable to process the request: mandatory field(s) missing");
    public static readonly ReplyCode AbortedForIntegrity = new("5.9", "Transaction aborted to maintain transactional integrity");

    // 6: business-rule outcome
    /// <summary>The request breaks a rule of the platform (not the schema): a reused mRID or MessageID, a period that ends before it starts ...; Error.details says which.</summary>
    public static readonly ReplyCode RefusedByBusinessRule = new("6.1", "Request canceled per business rule");
    public static readonly ReplyCode OnHold = new("6.2", "Request placed on hold per business rule");
    public static readonly ReplyCode Released = new("6.3", "Request released from business rule hold");
    public static readonly ReplyCode Rescheduled = new("6.4", "Request rescheduled per business rule");
    public static readonly ReplyCode CancelledByUser = new("6.5", "Request canceled by user");

    // 7: security
    public static readonly ReplyCode AuthenticationTemporarilyFailed = new("7.1", "Temporary authentication failure");
    public static readonly ReplyCode AuthenticationRequired = new("7.2", "Authentication required");
    public static readonly ReplyCode AuthenticationMechanismInsufficient = new("7.3", "Authentication mechanism insufficient");
    public static readonly ReplyCode AuthenticationFailed = new("7.4", "Authentication failure");
    public static readonly ReplyCode NotAuthorised = new("7.5", "Action not authorized for user");
    public static readonly ReplyCode EncryptionRequired = new("7.6", "Authentication mechanism requires encryption");
    public static readonly ReplyCode PolicyViolation = new("7.7", "Policy violation");

    /// <summary>Every code, in table order.</summary>
    public static IReadOnlyList<ReplyCode> All { get; } =
    [
        NoErrors, PartialMoreFollow, PartialNoMoreFollow, Acknowledged,
        HeaderMissing, RequestMissing, PayloadMissing, SchemaInvalid, UnsupportedRevision,
        InvalidEndDevice, InvalidNoun, InvalidReadingType, InvalidVerb, UnsupportedReadingType,
        InvalidUsagePoint, MeterUsagePointMismatch, InvalidSource, InvalidRequestId, InvalidServiceLocation,
        MeterServiceLocationMismatch, ComModuleMeterMismatch, InvalidCustomerAccount, InvalidServiceSupplier,
        CustomerAccountServiceSupplierMismatch, InvalidCustomer, CustomerCustomerAccountMismatch, InvalidCustomerAgreement,
        CustomerAccountCustomerAgreementMismatch, CustomerAgreementUsagePointMismatch, CustomerAccountUsagePointMismatch,
        ServiceSupplierUsagePointMismatch, ObjectRelationshipMismatch, InvalidComModule, InvalidServiceCategory,
        InvalidUsagePointLocation, InvalidPricingStructure,
        TooManyItems, TooManyPendingRequests, TimedOut,
        SystemBusy, NotAttempted, AttemptedAndFailed, MultipleErrorTypes,
        ReadingTypesUnavailableInMdms, ReadingTypesUnavailableInHeadEnd, DataUnavailable, MandatoryFieldMissing, AbortedForIntegrity,
        RefusedByBusinessRule, OnHold, Released, Rescheduled, CancelledByUser,
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
