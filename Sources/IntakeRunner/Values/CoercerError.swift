/// A plan's coercer cannot be built: a bad date format, regular expression, time zone or option.
public struct CoercerError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the offending option.
    public var message: String
    /// The message.
    public var description: String { message }

    init(_ message: String) { self.message = message }
}
