import IntakeDiagnostics

/// A value read from a file, with the place it was read from.
public struct Located<Value> {
    /// The value.
    public var value: Value
    /// Where the value starts in its file.
    public var location: SourceLocation

    /// Creates a located value.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// The same location holding a transformed value.
    public func map<T>(_ transform: (Value) throws -> T) rethrows -> Located<T> {
        Located<T>(try transform(value), at: location)
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// A key–value pair from a YAML mapping whose order matters to the user (kept as written).
public struct LocatedPair<Value>: Sendable where Value: Sendable {
    /// The key as written.
    public var key: Located<String>
    /// The value.
    public var value: Located<Value>

    /// Creates a pair.
    public init(key: Located<String>, value: Located<Value>) {
        self.key = key
        self.value = value
    }
}

extension LocatedPair: Equatable where Value: Equatable {}
