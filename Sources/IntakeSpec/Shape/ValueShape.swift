/// The shape of one value in a spec, model or config file: what the loader accepts, and what
/// `intake schema` publishes as JSON Schema.
public indirect enum ValueShape: Sendable, Equatable {
    /// A non-empty scalar, read as text; numbers and booleans are taken as written.
    case text
    /// A scalar read as text that may be empty.
    case textOrEmpty
    /// A whole number within optional bounds.
    case integer(min: Int?, max: Int?)
    /// A format version; only `supported` is read.
    case version(supported: Int)
    /// Plain `true` or `false`.
    case boolean
    /// One of fixed words, taken from a Swift enum.
    case choice([String])
    /// Text the loader passes on for a later stage to check against a named catalogue.
    case catalogue(String)
    /// A list of values of one shape.
    case list(ValueShape)
    /// A mapping with free keys (names) and values of one shape.
    case map(ValueShape)
    /// A mapping with fixed keys.
    case keys(KeySet)
    /// Text matching a regular expression (ECMA 262), described in words for messages.
    case pattern(String, meaning: String)
    /// Any one of several shapes.
    case anyOf([ValueShape])

    /// The words of a `CaseIterable` string enum, in declaration order.
    public static func choice<E: RawRepresentable & CaseIterable>(of _: E.Type) -> ValueShape where E.RawValue == String {
        .choice(E.allCases.map(\.rawValue))
    }
}
