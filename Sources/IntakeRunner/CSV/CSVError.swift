/// Why a CSV input cannot be read, and where.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure, so callers can map each to a diagnostic code.
    public enum Kind: String, Sendable {
        case io, empty, unterminatedQuote, duplicateHeader, tooManyColumns, emptyHeaderName, footer
    }

    /// What went wrong.
    public var kind: Kind
    /// One sentence for the user; the caller prints the location, so it is not repeated here.
    public var message: String
    /// Physical line (1-based) the error is about; 0 for I/O errors, which belong to no line.
    public var line: Int
    /// 1-based column (field position in the record) the error is about, if any.
    public var column: Int?

    /// Makes an error.
    public init(kind: Kind, message: String, line: Int, column: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    /// The message only.
    public var description: String { message }
}
