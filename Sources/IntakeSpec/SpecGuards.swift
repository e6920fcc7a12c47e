import IntakeDiagnostics

/// `guards:` — limits a run must stay within unless overridden on the command line.
public struct SpecGuards: Sendable {
    /// Where `guards:` is written.
    public var location: SourceLocation
    /// The most records a run may create or update: a count or a percentage of the file's records.
    public var maxChanged: Located<RejectLimit>?
    /// The most stored attribute values a run may clear.
    public var maxDeletedValues: Located<Int>?
    /// Whether a run may create records (false: only existing records are updated).
    public var allowNewRecords: Located<Bool>?

    /// Every guard name, as written in specs and given to `--override-guard`.
    public static var names: [String] { SpecShape.guards.names }

    /// Creates guards.
    public init(location: SourceLocation) {
        self.location = location
    }
}
