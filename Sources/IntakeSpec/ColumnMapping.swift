import IntakeDiagnostics

/// Letter case to convert text to.
public enum TextCase: String, Sendable, CaseIterable, Codable {
    /// All lower case.
    case lower
    /// All upper case.
    case upper
}

/// One `columns:` entry: a source header, its target and how to coerce it.
public struct ColumnMapping: Sendable {
    /// Where the entry starts.
    public var location: SourceLocation
    /// The CSV header.
    public var from: Located<String>
    /// The target: a system field or a model attribute.
    public var to: Located<String>
    /// Strip surrounding whitespace.
    public var trim: Located<Bool>?
    /// Convert the letter case.
    public var textCase: Located<TextCase>?
    /// Source value → target value, in written order.
    public var map: [LocatedPair<String>]?
    /// Where `map:` is written.
    public var mapLocation: SourceLocation?
    /// A regular expression every non-empty value must match in full.
    public var pattern: Located<String>?
    /// Number parsing options.
    public var number: NumberOptions?
    /// Date parsing options.
    public var date: DateOptions?

    /// Creates a mapping with only `from` and `to`.
    public init(location: SourceLocation, from: Located<String>, to: Located<String>) {
        self.location = location
        self.from = from
        self.to = to
    }
}

/// How numbers are written in the source.
public struct NumberOptions: Sendable {
    /// Where `number:` is written.
    public var location: SourceLocation
    /// The grouping separator, such as `,`.
    public var thousands: Located<String>?
    /// The decimal separator, `.` unless given.
    public var decimal: Located<String>?

    /// Creates options.
    public init(location: SourceLocation) {
        self.location = location
    }
}

/// How dates are written in the source.
public struct DateOptions: Sendable {
    /// Where `date:` is written.
    public var location: SourceLocation
    /// Accepted patterns, tried in order (`yyyy-MM-dd`, `MM/dd/yyyy`, `iso8601`…).
    public var formats: [Located<String>]
    /// The zone of values written without one (an IANA identifier).
    public var timezone: Located<String>?

    /// Creates options.
    public init(location: SourceLocation, formats: [Located<String>] = [], timezone: Located<String>? = nil) {
        self.location = location
        self.formats = formats
        self.timezone = timezone
    }
}
