/// Fields by name, kept in `String` order: what a dictionary of a change's few fields does,
/// as one small sorted array.
///
/// A plan builds hundreds of thousands of changes; a hash table each hashed every name on the
/// way in and was sorted again on the way out (the changeset lists fields by name). Names
/// compare as `String`s do, canonical equivalence included, exactly as dictionary keys.
public struct SortedFields<Value> {
    /// One field.
    public typealias Element = (key: String, value: Value)

    /// The fields, by name.
    public private(set) var entries: [Element] = []

    /// No fields.
    public init() {}

    /// Fields already in name order, each name once.
    init(sorted entries: [Element]) {
        assert(zip(entries, entries.dropFirst()).allSatisfy { $0.key < $1.key }, "fields out of order")
        self.entries = entries
    }

    /// The fields of `dictionary`.
    public init(_ dictionary: [String: Value]) {
        entries = dictionary.sorted { $0.key < $1.key }
    }

    /// The value of the field `key`; setting nil removes the field.
    public subscript(key: String) -> Value? {
        get {
            let (index, found) = position(of: key)
            return found ? entries[index].value : nil
        }
        set {
            // Fields are mostly added in name order: the new one goes last, after one comparison.
            if let newValue, entries.last.map({ $0.key < key }) ?? true {
                entries.append((key, newValue))
                return
            }
            let (index, found) = position(of: key)
            switch (newValue, found) {
            // As a dictionary does, the name keeps the spelling it was first added with.
            case (let value?, true): entries[index].value = value
            case (let value?, false): entries.insert((key, value), at: index)
            case (nil, true): entries.remove(at: index)
            case (nil, false): break
            }
        }
    }

    /// Where `key` is, or would go; and whether it is there.
    private func position(of key: String) -> (index: Int, found: Bool) {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return (low, low < entries.count && entries[low].key == key)
    }

    /// The names, in order.
    public var keys: [String] { entries.map(\.key) }

    /// The values, in name order.
    public var values: [Value] { entries.map(\.value) }

    /// How many fields there are.
    public var count: Int { entries.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { entries.isEmpty }

    /// Makes room for `capacity` fields.
    public mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }

    /// The same fields with each value transformed.
    public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> SortedFields<T> {
        var mapped = SortedFields<T>()
        mapped.entries = try entries.map { ($0.key, try transform($0.value)) }
        return mapped
    }

    /// The fields as a dictionary.
    public var dictionary: [String: Value] { Dictionary(entries, uniquingKeysWith: { _, last in last }) }
}

extension SortedFields: Sequence {
    /// The fields in name order.
    public func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }
}

extension SortedFields: ExpressibleByDictionaryLiteral {
    /// Fields written as a literal; a name given twice keeps its last value.
    public init(dictionaryLiteral elements: (String, Value)...) {
        for (key, value) in elements { self[key] = value }
    }
}

extension SortedFields: Equatable where Value: Equatable {
    /// The same names (as `String`s compare) with equal values.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension SortedFields: Sendable where Value: Sendable {}

extension SortedFields: CustomStringConvertible {
    /// Written as a dictionary literal, in name order.
    public var description: String {
        entries.isEmpty ? "[:]" : "[" + entries.map { "\($0.key.debugDescription): \($0.value)" }.joined(separator: ", ") + "]"
    }
}

extension SortedFields: Codable where Value: Codable {
    /// A field name as a JSON object key.
    private struct Name: CodingKey {
        /// The name.
        var stringValue: String
        /// Never an index.
        var intValue: Int? { nil }
        /// The key `stringValue`.
        init(stringValue: String) { self.stringValue = stringValue }
        /// No key: names are strings.
        init?(intValue: Int) { nil }
    }

    /// Reads a JSON object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        for name in container.allKeys { self[name.stringValue] = try container.decode(Value.self, forKey: name) }
    }

    /// Writes a JSON object, fields in name order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for (key, value) in entries { try container.encode(value, forKey: Name(stringValue: key)) }
    }
}
