/// What a row does to each field of its layout, packed into one byte array: a tag per slot,
/// where its value lies, and the values' UTF-8 bytes end to end.
///
/// One allocation per row, where an array of `FieldAction?` took one plus a `String` object for
/// every value longer than 15 bytes: a million rows then hold a fraction of the memory and
/// free a fraction of the objects, and the store comparison reads values as bytes.
struct RowValues: Sendable {
    /// `[slots: UInt16][tag per slot][start, count: UInt32 each, per slot][values]`, little-endian.
    private var storage: [UInt8]

    /// What a row does to one slot.
    enum Tag: Equatable {
        /// The file has no column for the field: the stored value is left as it is.
        case untouched
        case set(FiredDefault?)
        case delete(FiredDefault?)
    }

    /// No slots; allocates nothing (a released row holds this).
    init() { storage = [] }

    /// Every one of `count` slots untouched, with room for `valueBytes` bytes of values.
    init(count: Int, valueBytes: Int = 0) {
        storage = []
        storage.reserveCapacity(2 + count * 9 + valueBytes)
        storage.append(UInt8(truncatingIfNeeded: count))
        storage.append(UInt8(truncatingIfNeeded: count >> 8))
        storage.append(contentsOf: repeatElement(0, count: count * 9))
    }

    /// The packed form of `actions`.
    init(_ actions: [FieldAction?]) {
        self.init(count: actions.count)
        for (slot, action) in actions.enumerated() {
            switch action {
            case nil: break
            case .set(let value, let fired)?: set(slot, value, fired: fired)
            case .delete(let fired)?: delete(slot, fired: fired)
            }
        }
    }

    /// Slots in the layout.
    var count: Int { storage.isEmpty ? 0 : Int(storage[0]) | Int(storage[1]) << 8 }

    /// What the row does to `slot`.
    @inline(__always) func tag(_ slot: Int) -> Tag {
        let byte = storage[2 + slot]
        let fired = byte >> 2 == 0 ? nil : FiredDefault(rawValue: byte >> 2 - 1)
        switch byte & 3 {
        case 1: return .set(fired)
        case 2: return .delete(fired)
        default: return .untouched
        }
    }

    /// The action on `slot`, with its value as a `String`.
    func action(_ slot: Int) -> FieldAction? {
        switch tag(slot) {
        case .untouched: nil
        case .set(let fired): .set(value(slot)!, fired: fired)
        case .delete(let fired): .delete(fired: fired)
        }
    }

    /// The value the row sets in `slot`, if it sets one.
    func value(_ slot: Int) -> String? {
        withValue(slot) { String(decoding: $0, as: UTF8.self) }
    }

    /// `body` over the bytes of the value the row sets in `slot`; nil if it sets none.
    @inline(__always) func withValue<R>(_ slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard storage[2 + slot] & 3 == 1 else { return nil }
        return storage.withUnsafeBufferPointer { all in
            let (start, count) = span(slot, in: all)
            return body(UnsafeBufferPointer(rebasing: all[start..<(start + count)]))
        }
    }

    /// Whether the row sets a non-empty value in `slot`.
    func hasValue(_ slot: Int) -> Bool {
        storage[2 + slot] & 3 == 1 && storage.withUnsafeBufferPointer { span(slot, in: $0).count > 0 }
    }

    /// Sets `slot` to `value`.
    mutating func set(_ slot: Int, _ value: String, fired: FiredDefault?) {
        var value = value
        value.withUTF8 { set(slot, bytes: $0, fired: fired) }
    }

    /// Sets `slot` to the value spelled by `bytes` (valid UTF-8).
    @inline(__always) mutating func set(_ slot: Int, bytes: UnsafeBufferPointer<UInt8>, fired: FiredDefault?) {
        let start = storage.count - valuesStart
        storage.append(contentsOf: bytes)
        place(slot, tag: 1, fired: fired, start: start, count: bytes.count)
    }

    /// Deletes the stored value of `slot`.
    mutating func delete(_ slot: Int, fired: FiredDefault?) {
        place(slot, tag: 2, fired: fired, start: 0, count: 0)
    }

    private var valuesStart: Int { 2 + count * 9 }

    @inline(__always) private func span(_ slot: Int, in all: UnsafeBufferPointer<UInt8>) -> (start: Int, count: Int) {
        let raw = UnsafeRawBufferPointer(all)
        let at = 2 + count * 1 + slot * 8
        let start = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)))
        return (2 + count * 9 + start, length)
    }

    @inline(__always) private mutating func place(_ slot: Int, tag: UInt8, fired: FiredDefault?, start: Int, count length: Int) {
        let slots = count
        storage[2 + slot] = tag | (fired.map { $0.rawValue + 1 } ?? 0) << 2
        storage.withUnsafeMutableBytes { raw in
            let at = 2 + slots + slot * 8
            raw.storeBytes(of: UInt32(start).littleEndian, toByteOffset: at, as: UInt32.self)
            raw.storeBytes(of: UInt32(length).littleEndian, toByteOffset: at + 4, as: UInt32.self)
        }
    }
}
