/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
    /// Extra information.
    case note
    /// Worth fixing; fails only with `--strict`.
    case warning
    /// Fails the command.
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Orders note < warning < error.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in a spec, a model or a data file, with where it is and what to do.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// A secondary message with its own location, such as "first defined here".
    public struct Note: Hashable, Sendable {
        /// The note's text.
        public var message: String
        /// Where the note points, if anywhere.
        public var location: SourceLocation?

        /// Creates a note.
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// The stable code from the catalogue.
    public var code: DiagnosticCode
    /// The severity; by default the code's own.
    public var severity: Severity
    /// What is wrong, in one sentence.
    public var message: String
    /// Where it is wrong, when a place is known.
    public var location: SourceLocation?
    /// What to do about it, such as "did you mean 'Renewal Date'?".
    public var hint: String?
    /// Secondary locations and explanations.
    public var notes: [Note]

    /// Creates a diagnostic whose severity is the code's default unless given.
    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation?,
        hint: String? = nil,
        notes: [Note] = [],
        severity: Severity? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.severity
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
    }

    /// `file:line:col: error[E012]: message`, without source excerpt.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue)[\(code.rawValue)]: \(message)"
    }
}

/// A diagnostic can travel as an error through `Result` and `throws`.
extension Diagnostic: Error {}
