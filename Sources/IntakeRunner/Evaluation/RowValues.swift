/// What a row does to each field of its layout, packed into one byte array: a tag per slot,
/// where its value lies, and the values' UTF-8 bytes end to end.
///
/// One allocation per row, where an array of `FieldAction?` took one plus a `String` object for
/// every value longer than 15 bytes: a million rows then hold a fraction of the memory and
/// free a fraction of the objects, and the store comparison reads values as bytes.
struct RowValues: Sendable {
    /// `[slots: UInt16][tag per slot][start, count per slot][values]`, little-endian. Starts and
    /// counts are UInt16 each while the values fit in 64 KiB ("narrow"), UInt32 each past that
    /// ("wide": the slot count's top bit): 28 bytes less for a row of seven fields, which put a
    /// typical row a size class down.
    ///
    /// A row built with room for at most 255 bytes of values, as nearly every row is, starts
    /// "tiny": `[slots][tag per slot][end per slot: UInt8][values in slot order]`, each value
    /// starting where the one before ends: 21 bytes less again for seven fields, and 260 MB
    /// fewer pages for the kernel to fault in at ten million rows. Values come in slot order
    /// as the evaluator sets them; one set out of order, again, or past 255 bytes rewrites the
    /// row narrow first (`loosen`).
    private var storage: [UInt8]

    /// What a row does to one slot.
    enum Tag: Equatable {
        /// The file has no column for the field: the stored value is left as it is.
        case untouched
        case set(FiredDefault?)
        case delete(FiredDefault?)
    }

    /// The slot count's bit that marks four-byte positions.
    private static let wideFlag = 0x8000
    /// The slot count's bit that marks a row fingerprint in the last 16 bytes (`attach`).
    private static let fingerprintFlag = 0x4000
    /// The slot count's bit that marks one-byte value ends.
    private static let tinyFlag = 0x2000
    /// The most value bytes one-byte ends reach.
    private static let tinyLimit = Int(UInt8.max)
    /// The most value bytes two-byte positions reach.
    private static let narrowLimit = Int(UInt16.max)

    /// No slots, every one reading as untouched; allocates nothing (a released row, a
    /// skeleton without checked values holds this).
    init() { storage = [] }

    /// Every one of `count` slots untouched, with room for `valueBytes` bytes of values (and
    /// a fingerprint's 16 after them).
    init(count: Int, valueBytes: Int = 0) {
        self.init(count: count, valueBytes: valueBytes, tiny: valueBytes <= Self.tinyLimit + 16)
    }

    /// Every one of `count` slots untouched, tiny if asked and the values can be narrow.
    private init(count: Int, valueBytes: Int, tiny: Bool) {
        precondition(count < Self.tinyFlag, "a row has at most 8,191 fields")
        let wide = valueBytes > Self.narrowLimit
        let perSlot = wide ? 9 : tiny ? 2 : 5
        storage = []
        storage.reserveCapacity(2 + count * perSlot + valueBytes)
        let word = count | (wide ? Self.wideFlag : tiny ? Self.tinyFlag : 0)
        storage.append(UInt8(truncatingIfNeeded: word))
        storage.append(UInt8(truncatingIfNeeded: word >> 8))
        storage.append(contentsOf: repeatElement(0, count: count * perSlot))
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

    /// Gives back the room reserved for values the row did not need: rows are built with room
    /// for the most their cells could grow to, and a million rows each held ~40 unused bytes
    /// (a size class up). The copy is freed and allocated again on the same thread, row after
    /// row, so it stays in cache.
    mutating func compact() {
        guard storage.capacity - storage.count >= 16 else { return }
        storage = storage.withUnsafeBufferPointer { Array($0) }
    }

    /// The row as stored: its packed bytes, given back as they are by `init(packed:)`.
    func withPacked<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// A row from bytes `withPacked` gave.
    init(packed: UnsafeBufferPointer<UInt8>) {
        storage = Array(packed)
    }

    /// Bytes the row's allocation takes (values, positions and the array's own header).
    var footprint: Int { storage.isEmpty ? 0 : storage.capacity + 32 }

    /// Slots in the layout.
    var count: Int { storage.isEmpty ? 0 : Int(storage[0]) | Int(storage[1] & 0x1F) << 8 }

    /// Whether starts and counts take four bytes each.
    private var isWide: Bool { !storage.isEmpty && storage[1] & 0x80 != 0 }

    /// Whether values are placed by one-byte ends.
    private var isTiny: Bool { !storage.isEmpty && storage[1] & UInt8(Self.tinyFlag >> 8) != 0 }

    /// Whether the last 16 bytes are a row fingerprint.
    private var isFingerprinted: Bool { !storage.isEmpty && storage[1] & UInt8(Self.fingerprintFlag >> 8) != 0 }

    /// The fingerprint attached to the row; `none` when there is none.
    var fingerprint: RowFingerprint {
        guard isFingerprinted else { return .none }
        return storage.withUnsafeBytes { raw in
            RowFingerprint(
                high: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 16, as: UInt64.self)),
                low: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self)))
        }
    }

    /// Appends `fingerprint` after the values, once they are all set: a row whose run takes no
    /// fingerprints carries none, instead of every row growing by 16 bytes.
    mutating func attach(_ fingerprint: RowFingerprint) {
        precondition(!isFingerprinted, "a row takes one fingerprint")
        guard fingerprint != .none else { return }
        // Empty storage has no slot table for the trailer to follow.
        precondition(!storage.isEmpty, "a fingerprint follows a row's values")
        withUnsafeBytes(of: fingerprint.high.littleEndian) { storage.append(contentsOf: $0) }
        withUnsafeBytes(of: fingerprint.low.littleEndian) { storage.append(contentsOf: $0) }
        storage[1] |= UInt8(Self.fingerprintFlag >> 8)
    }

    /// What the row does to `slot`.
    @inline(__always) func tag(_ slot: Int) -> Tag {
        guard !storage.isEmpty else { return .untouched }
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
        guard !storage.isEmpty, storage[2 + slot] & 3 == 1 else { return nil }
        return storage.withUnsafeBufferPointer { all in
            let (start, count) = span(slot, in: all)
            return body(UnsafeBufferPointer(rebasing: all[start..<(start + count)]))
        }
    }

    /// Whether the row sets a non-empty value in `slot`.
    func hasValue(_ slot: Int) -> Bool {
        !storage.isEmpty && storage[2 + slot] & 3 == 1 && storage.withUnsafeBufferPointer { span(slot, in: $0).count > 0 }
    }

    /// Sets `slot` to `value`.
    mutating func set(_ slot: Int, _ value: String, fired: FiredDefault?) {
        var value = value
        value.withUTF8 { set(slot, bytes: $0, fired: fired) }
    }

    /// Sets `slot` to the value spelled by `bytes` (valid UTF-8).
    @inline(__always) mutating func set(_ slot: Int, bytes: UnsafeBufferPointer<UInt8>, fired: FiredDefault?) {
        // Values go at the end, where a fingerprint would be.
        precondition(!isFingerprinted, "a fingerprinted row's values are final")
        if isTiny {
            if appendTiny(slot, bytes, fired: fired) { return }
            loosen()
        }
        if !isWide, storage.count - valuesStart + bytes.count > Self.narrowLimit { widen() }
        let start = storage.count - valuesStart
        storage.append(contentsOf: bytes)
        place(slot, tag: 1, fired: fired, start: start, count: bytes.count)
    }

    /// Rewrites a narrow row as wide, for values past 64 KiB.
    private mutating func widen() {
        let slots = count
        var wide = RowValues(count: slots, valueBytes: Self.narrowLimit + 1)
        storage.withUnsafeBufferPointer { all in
            wide.storage.append(contentsOf: UnsafeBufferPointer(rebasing: all[valuesStart...]))
            for slot in 0..<slots {
                let (start, length) = span(slot, in: all)
                wide.storage[2 + slot] = all[2 + slot]
                wide.storeSpan(slot, start: start - valuesStart, count: length)
            }
        }
        self = wide
    }

    /// Sets `slot` of a tiny row when its value can go after every value there, within 255
    /// bytes; false (and nothing changed) otherwise.
    @inline(__always) private mutating func appendTiny(_ slot: Int, _ bytes: UnsafeBufferPointer<UInt8>, fired: FiredDefault?) -> Bool {
        let slots = count
        let end = storage.count - 2 - slots * 2
        guard end + bytes.count <= Self.tinyLimit else { return false }
        for later in slot..<slots where storage[2 + later] & 3 == 1 { return false }
        storage.append(contentsOf: bytes)
        storage[2 + slot] = Self.tagByte(1, fired)
        // This value ends here, and every later slot (empty) starts here.
        let newEnd = UInt8(end + bytes.count)
        for later in slot..<slots { storage[2 + slots + later] = newEnd }
        return true
    }

    /// Rewrites a tiny row in the narrow layout, so a slot can be set out of order, again, or
    /// deleted; a fingerprint stays last.
    private mutating func loosen() {
        let slots = count
        var loose = RowValues(count: slots, valueBytes: storage.capacity, tiny: false)
        storage.withUnsafeBufferPointer { all in
            for slot in 0..<slots {
                let (start, length) = span(slot, in: all)
                loose.storage[2 + slot] = all[2 + slot]
                loose.storeSpan(slot, start: loose.storage.count - loose.valuesStart, count: length)
                loose.storage.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<(start + length)]))
            }
            if isFingerprinted {
                loose.storage.append(contentsOf: UnsafeBufferPointer(rebasing: all[(all.count - 16)...]))
                loose.storage[1] |= UInt8(Self.fingerprintFlag >> 8)
            }
        }
        self = loose
    }

    /// Deletes the stored value of `slot`.
    mutating func delete(_ slot: Int, fired: FiredDefault?) {
        if isTiny {
            // An empty slot keeps its empty span; one with a value needs positions of its own.
            if storage[2 + slot] & 3 != 1 {
                storage[2 + slot] = Self.tagByte(2, fired)
                return
            }
            loosen()
        }
        place(slot, tag: 2, fired: fired, start: 0, count: 0)
    }

    private var valuesStart: Int { 2 + count * (isWide ? 9 : isTiny ? 2 : 5) }

    /// Where `slot`'s value lies in `all` (the storage).
    @inline(__always) private func span(_ slot: Int, in all: UnsafeBufferPointer<UInt8>) -> (start: Int, count: Int) {
        let raw = UnsafeRawBufferPointer(all)
        let slots = Int(all[0]) | Int(all[1] & 0x1F) << 8
        if all[1] & UInt8(Self.tinyFlag >> 8) != 0 {
            let ends = 2 + slots
            let start = slot == 0 ? 0 : Int(all[ends + slot - 1])
            return (2 + slots * 2 + start, Int(all[ends + slot]) - start)
        }
        if all[1] & 0x80 == 0 {
            let at = 2 + slots + slot * 4
            let start = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
            let length = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at + 2, as: UInt16.self)))
            return (2 + slots * 5 + start, length)
        }
        let at = 2 + slots + slot * 8
        let start = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)))
        return (2 + slots * 9 + start, length)
    }

    @inline(__always) private mutating func place(_ slot: Int, tag: UInt8, fired: FiredDefault?, start: Int, count length: Int) {
        storage[2 + slot] = Self.tagByte(tag, fired)
        storeSpan(slot, start: start, count: length)
    }

    /// A slot's tag byte: the action (1 set, 2 delete) in the low two bits, the default that
    /// fired (plus one; 0 for none) above them.
    @inline(__always) private static func tagByte(_ action: UInt8, _ fired: FiredDefault?) -> UInt8 {
        action | (fired.map { $0.rawValue + 1 } ?? 0) << 2
    }

    /// Records where `slot`'s value lies among the values.
    @inline(__always) private mutating func storeSpan(_ slot: Int, start: Int, count length: Int) {
        let (slots, wide) = (count, isWide)
        storage.withUnsafeMutableBytes { raw in
            if wide {
                let at = 2 + slots + slot * 8
                raw.storeBytes(of: UInt32(start).littleEndian, toByteOffset: at, as: UInt32.self)
                raw.storeBytes(of: UInt32(length).littleEndian, toByteOffset: at + 4, as: UInt32.self)
            } else {
                let at = 2 + slots + slot * 4
                raw.storeBytes(of: UInt16(start).littleEndian, toByteOffset: at, as: UInt16.self)
                raw.storeBytes(of: UInt16(length).littleEndian, toByteOffset: at + 2, as: UInt16.self)
            }
        }
    }
}
