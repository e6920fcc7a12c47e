/// A changeset's changes, in key order: held in memory, or read back from a temporary file
/// when a plan's changes outgrew their share of its memory budget (`StoredChanges`).
///
/// Either way it is a collection of `RecordChange`s. Iterating reads a file of changes front
/// to back through a small buffer, so writing ten million changes out never holds them; a
/// change picked by index is read from the file on its own (`map` iterates, not subscripts).
public struct ChangeList: RandomAccessCollection, Sendable {
    /// Where the changes are.
    private enum Storage: Sendable {
        case held(HeldChanges)
        case stored(StoredChanges)
    }

    /// The changes, held or on disk.
    private let storage: Storage

    /// The changes in `changes`, held in memory.
    public init(_ changes: [RecordChange] = []) {
        storage = .held(HeldChanges([changes]))
    }

    /// The changes of `chunks`, end to end, held as they are: ten million rows' three million
    /// changes were copied into one array on one core, 216 MB of fresh pages.
    init(chunks: [[RecordChange]]) {
        storage = .held(HeldChanges(chunks))
    }

    /// The changes in `stored`, which is sealed.
    init(stored: StoredChanges) {
        storage = .stored(stored)
    }

    /// The first change's index, 0.
    public var startIndex: Int { 0 }

    /// The number of changes.
    public var endIndex: Int {
        switch storage {
        case .held(let held): held.count
        case .stored(let stored): stored.count
        }
    }

    /// The change at `position`.
    public subscript(position: Int) -> RecordChange {
        switch storage {
        case .held(let held): held[position]
        case .stored(let stored): stored[position]
        }
    }

    /// Whether the changes are in a temporary file rather than in memory.
    public var isSetAside: Bool {
        if case .stored = storage { return true }
        return false
    }

    /// How many of the changes are creates, counted without reading a file of them again.
    public var creates: Int { positions(of: .create, first: 0).count }

    /// The positions of the first `limit` changes of `action`, and how many there are in all,
    /// found without copying a change or reading a file of them.
    public func positions(of action: RecordChange.Action, first limit: Int) -> (first: [Int], count: Int) {
        if case .held(let held) = storage { return held.positions(of: action, first: limit) }
        var first: [Int] = []
        var count = 0
        for index in indices where self.action(at: index) == action {
            if count < limit { first.append(index) }
            count += 1
        }
        return (first, count)
    }

    /// Every change's key, in order; a file of changes is read for the keys alone.
    public var keys: [String] {
        guard case .stored(let stored) = storage else {
            // Stepped through, not subscripted: held changes are found by bisecting their chunks.
            var keys: [String] = []
            keys.reserveCapacity(count)
            for change in self { keys.append(change.key) }
            return keys
        }
        var keys: [String] = []
        keys.reserveCapacity(stored.count)
        var cursor = StoredChanges.Cursor(stored, indices: indices)
        while let key = cursor.next(with: RecordChange.storedKey) { keys.append(key) }
        return keys
    }

    /// The changes of attribute `name` (ASCII), with the position and key of each change that
    /// has one, in order; a file of changes is read for those alone.
    public func changes(ofAttribute name: String) -> [(position: Int, key: String, change: AttributeChange)] {
        var found: [(position: Int, key: String, change: AttributeChange)] = []
        guard case .stored(let stored) = storage else {
            for (position, change) in enumerated() { if let changed = change.attributes[name] { found.append((position, change.key, changed)) } }
            return found
        }
        var cursor = StoredChanges.Cursor(stored, indices: indices)
        var position = 0
        var name = name
        name.withUTF8 { name in
            while let (key, changed) = cursor.next(with: { RecordChange.storedKey($0, attribute: UnsafeRawBufferPointer(name)) }) {
                if let changed { found.append((position, key, changed)) }
                position += 1
            }
        }
        return found
    }

    /// What the change at `position` does, read without the rest of it.
    public func action(at position: Int) -> RecordChange.Action {
        switch storage {
        case .held(let held): held.action(at: position)
        case .stored(let stored): stored.isCreate(position) ? .create : .update
        }
    }

    /// Iterates over every change.
    public func makeIterator() -> Iterator { Iterator(self, indices: indices) }

    /// `transform` of each change, in order, read front to back: `Collection`'s `map`
    /// subscripts, a read of its own for each change set aside.
    public func map<T, E: Error>(_ transform: (RecordChange) throws(E) -> T) throws(E) -> [T] {
        var mapped: [T] = []
        mapped.reserveCapacity(count)
        for change in self { mapped.append(try transform(change)) }
        return mapped
    }

    /// Iterates over the changes at `range`, reading a file of them front to back.
    public func changes(in range: Range<Int>) -> Iterator { Iterator(self, indices: range) }

    /// Steps over changes in order.
    public struct Iterator: IteratorProtocol {
        // Two optionals, not an enum with payloads: a cursor taken out of an enum to step it
        // would share its buffer with the copy left behind, and copy it at every refill.
        private var held: HeldChanges.Cursor?
        private var cursor: StoredChanges.Cursor?

        init(_ list: ChangeList, indices: Range<Int>) {
            switch list.storage {
            case .held(let changes): held = HeldChanges.Cursor(changes, indices: indices)
            case .stored(let stored): cursor = StoredChanges.Cursor(stored, indices: indices)
            }
        }

        /// The next change; nil after the last.
        public mutating func next() -> RecordChange? {
            if cursor != nil { return cursor!.next() }
            return held!.next()
        }
    }
}

extension ChangeList: ExpressibleByArrayLiteral {
    /// The changes listed, held in memory.
    public init(arrayLiteral changes: RecordChange...) {
        self.init(changes)
    }
}

extension ChangeList: Equatable {
    /// The same changes in the same order, wherever each list keeps them.
    public static func == (a: ChangeList, b: ChangeList) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}

extension ChangeList: Codable {
    /// Reads a JSON array of changes into memory.
    public init(from decoder: any Decoder) throws {
        self.init(try [RecordChange](from: decoder))
    }

    /// Writes a JSON array of the changes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for change in self { try container.encode(change) }
    }
}
