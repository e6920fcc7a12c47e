import IntakeDiagnostics

/// How often an integration runs.
public enum IntegrationMode: String, Sendable, CaseIterable, Codable {
    /// Run by hand, once.
    case oneTime = "one-time"
    /// Run on a schedule; duplicates keep the last row.
    case recurring
}

/// What to do with a header no mapping names.
public enum UnmappedPolicy: String, Sendable, CaseIterable, Codable {
    /// An unmapped header fails the run.
    case error
    /// Unmapped headers are read past.
    case ignore
}

/// Whether an aggregated-usage spec accepts every `Module##Action` header without listing it.
public enum UsageColumns: String, Sendable, CaseIterable, Codable {
    /// Only `Module##Action` columns listed under `columns:` are read.
    case listed
    /// Every header of the form `Module##Action` is read as a numeric usage column.
    case all
}

/// How many rejected rows a run tolerates before it fails.
public enum RejectLimit: Sendable, Hashable {
    /// At most this many rows.
    case count(Int)
    /// At most this percentage of data rows.
    case percent(Double)
}

/// One integration spec file (DESIGN §6).
public struct IntegrationSpec: Sendable {
    /// The spec file.
    public var file: SourceFile
    /// Where the document's root mapping starts.
    public var rootLocation: SourceLocation
    /// `version:`, when given.
    public var version: Located<Int>?
    /// `integration:`, the name unique in the repository.
    public var name: Located<String>
    /// `description:`.
    public var description: Located<String>?
    /// `object:` as written; the compiler resolves it to a kind.
    public var object: Located<String>
    /// `collection:` for collection specs.
    public var collection: Located<String>?
    /// `mode:`.
    public var mode: Located<IntegrationMode>
    /// `schedule:` (cron).
    public var schedule: Located<String>?
    /// `source:`.
    public var source: SourceSpec?
    /// `csv:` options.
    public var csv: CSVOptions
    /// `columns:` in written order.
    public var columns: [ColumnMapping]
    /// Where `columns:` is written.
    public var columnsLocation: SourceLocation?
    /// `usage_columns:`.
    public var usageColumns: Located<UsageColumns>?
    /// `defaults:` overrides, in written order.
    public var defaults: [LocatedPair<DefaultPolicy>]
    /// `unmapped:`.
    public var unmapped: Located<UnmappedPolicy>?
    /// `max_rejected_rows:`.
    public var maxRejectedRows: Located<RejectLimit>?
    /// Limits a run must stay within.
    public var guards: SpecGuards?
    /// `tests:`.
    public var tests: [SpecTest]

    /// Creates a spec with the required parts; the rest starts empty.
    public init(
        file: SourceFile, rootLocation: SourceLocation, name: Located<String>,
        object: Located<String>, mode: Located<IntegrationMode>
    ) {
        self.file = file
        self.rootLocation = rootLocation
        self.name = name
        self.object = object
        self.mode = mode
        self.csv = CSVOptions()
        self.columns = []
        self.defaults = []
        self.tests = []
    }
}

/// Options for reading the CSV file.
public struct CSVOptions: Sendable {
    /// What to do with a trailing report footer.
    public enum Footer: String, Sendable, CaseIterable, Codable {
        /// Drop the footer with a warning.
        case strip
        /// Fail the file.
        case reject
    }

    /// The field delimiter, one character.
    public var delimiter: Located<String>?
    /// The encoding; only `utf-8` is supported.
    public var encoding: Located<String>?
    /// The footer policy.
    public var footer: Located<Footer>?

    /// Creates empty options (every default applies).
    public init() {}
}

/// One example embedded in a spec: inline CSV and the records or rejects it should give.
public struct SpecTest: Sendable {
    /// The test's name.
    public var name: Located<String>
    /// The inline CSV, header row first.
    public var csv: Located<String>
    /// Expected records, each a list of field → value.
    public var expect: [[LocatedPair<String>]]
    /// Expected rejects: data line (1-based, header is line 1) and diagnostic code.
    public var rejects: [ExpectedReject]
    /// Where the test starts.
    public var location: SourceLocation

    /// Creates a test.
    public init(
        name: Located<String>, csv: Located<String>, expect: [[LocatedPair<String>]],
        rejects: [ExpectedReject], location: SourceLocation
    ) {
        self.name = name
        self.csv = csv
        self.expect = expect
        self.rejects = rejects
        self.location = location
    }
}

/// A row a spec test expects to be rejected.
public struct ExpectedReject: Sendable {
    /// The CSV line of the row.
    public var line: Located<Int>
    /// The expected reject code, if given.
    public var code: Located<String>?

    /// Creates an expected reject.
    public init(line: Located<Int>, code: Located<String>?) {
        self.line = line
        self.code = code
    }
}
