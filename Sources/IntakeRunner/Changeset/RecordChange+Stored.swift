import Foundation

/// A change's bytes in a file of changes set aside (`StoredChanges`): what it does, its line,
/// and the fingerprint bits it keeps, so an apply from it writes what one from memory would.
///
/// `[action: UInt8][fingerprint middle: UInt32][fingerprint low: UInt64][line: varint]
/// [key][key fields][attributes]`, little-endian; a string is a varint byte count and its
/// UTF-8, a list a varint count, and an attribute its name, a byte of flags for which of
/// old, new and default it has, and those.
extension RecordChange {
    /// Appends the change's stored form to `buffer`.
    func store(into buffer: inout [UInt8]) {
        buffer.append(action == .create ? 0 : 1)
        let (middle, low) = keptFingerprint
        withUnsafeBytes(of: middle.littleEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: low.littleEndian) { buffer.append(contentsOf: $0) }
        Self.varint(UInt64(line), into: &buffer)
        Self.string(key, into: &buffer)
        Self.varint(UInt64(keyFieldCount), into: &buffer)
        forEachKeyField { name, value in
            Self.string(name, into: &buffer)
            Self.string(value, into: &buffer)
        }
        Self.varint(UInt64(attributes.count), into: &buffer)
        for (name, attribute) in attributes {
            Self.string(name, into: &buffer)
            // Three optionals by hand: an array of them was allocated per attribute.
            buffer.append((attribute.old == nil ? 0 : 1) | (attribute.new == nil ? 0 : 2) | (attribute.default == nil ? 0 : 4))
            if let old = attribute.old { Self.string(old, into: &buffer) }
            if let new = attribute.new { Self.string(new, into: &buffer) }
            if let fired = attribute.default { Self.string(fired, into: &buffer) }
        }
    }

    /// The change stored in `bytes` (exactly one, as `store` wrote it); nil when they are not.
    static func stored(_ bytes: UnsafeRawBufferPointer) -> RecordChange? {
        var reader = Reader(bytes: bytes)
        guard let action = reader.byte(), action < 2, let middle = reader.fixed(UInt32.self), let low = reader.fixed(UInt64.self),
            let line = reader.varint(), let key = reader.string(), let keyCount = reader.count()
        else { return nil }
        var keyFields: [(key: String, value: String)] = []
        keyFields.reserveCapacity(keyCount)
        for _ in 0..<keyCount {
            guard let name = reader.string(), let value = reader.string() else { return nil }
            keyFields.append((name, value))
        }
        guard let attributeCount = reader.count() else { return nil }
        var attributes: [(key: String, value: AttributeChange)] = []
        attributes.reserveCapacity(attributeCount)
        for _ in 0..<attributeCount {
            guard let name = reader.string(), let flags = reader.byte(), flags < 8 else { return nil }
            guard let old = reader.string(if: flags & 1 != 0), let new = reader.string(if: flags & 2 != 0),
                let fired = reader.string(if: flags & 4 != 0)
            else { return nil }
            attributes.append((name, AttributeChange(old: old, new: new, default: fired)))
        }
        guard reader.atEnd else { return nil }
        var change = RecordChange(
            key: key, keyFields: SortedFields(sorted: keyFields), action: action == 0 ? .create : .update, line: Int(line),
            attributes: SortedFields(sorted: attributes))
        change.keptFingerprint = (middle, low)
        return change
    }

    /// The key of the change stored in `bytes`, read without the rest; nil when they hold none.
    static func storedKey(_ bytes: UnsafeRawBufferPointer) -> String? {
        var reader = Reader(bytes: bytes)
        return reader.key()
    }

    /// The key of the change stored in `bytes` and its change of the attribute whose name is
    /// `name`'s bytes, if it has one, reading no other value; nil when the bytes hold no change.
    static func storedKey(_ bytes: UnsafeRawBufferPointer, attribute name: UnsafeRawBufferPointer) -> (key: String, attribute: AttributeChange?)? {
        var reader = Reader(bytes: bytes)
        guard let key = reader.key(), let keyCount = reader.count() else { return nil }
        for _ in 0..<(2 * keyCount) { guard reader.skipString() else { return nil } }
        guard let attributeCount = reader.count() else { return nil }
        for _ in 0..<attributeCount {
            guard let length = reader.count(), length <= bytes.count - reader.offset else { return nil }
            let matches = length == name.count && (length == 0 || memcmp(bytes.baseAddress! + reader.offset, name.baseAddress!, length) == 0)
            reader.offset += length
            guard let flags = reader.byte(), flags < 8 else { return nil }
            if matches {
                guard let old = reader.string(if: flags & 1 != 0), let new = reader.string(if: flags & 2 != 0),
                    let fired = reader.string(if: flags & 4 != 0)
                else { return nil }
                return (key, AttributeChange(old: old, new: new, default: fired))
            }
            for bit in 0..<3 where flags & (1 << bit) != 0 { guard reader.skipString() else { return nil } }
        }
        return (key, nil)
    }

    /// Appends `value` seven bits a byte, low bits first, the high bit set on all but the last.
    private static func varint(_ value: UInt64, into buffer: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }

    /// Appends `value`'s UTF-8 byte count and bytes.
    private static func string(_ value: String, into buffer: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            varint(UInt64(bytes.count), into: &buffer)
            buffer.append(contentsOf: bytes)
        }
    }

    /// Reads a stored change front to back; every read is nil past the end.
    private struct Reader {
        /// The stored change.
        let bytes: UnsafeRawBufferPointer
        /// Where the next read starts.
        var offset = 0

        /// Whether every byte was read.
        var atEnd: Bool { offset == bytes.count }

        /// One byte.
        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// A little-endian integer of `type`'s width.
        mutating func fixed<T: FixedWidthInteger>(_ type: T.Type) -> T? {
            guard bytes.count - offset >= MemoryLayout<T>.size else { return nil }
            defer { offset += MemoryLayout<T>.size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }

        /// A varint, as `RecordChange.varint` writes it.
        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while shift < 64, let byte = byte() {
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }

        /// A count no larger than the bytes left could hold (each item takes one at least).
        mutating func count() -> Int? {
            guard let value = varint(), value <= UInt64(bytes.count - offset) else { return nil }
            return Int(value)
        }

        /// The key, after what comes before it.
        mutating func key() -> String? {
            guard byte() != nil, fixed(UInt32.self) != nil, fixed(UInt64.self) != nil, varint() != nil else { return nil }
            return string()
        }

        /// Steps over a string; false when there is none.
        mutating func skipString() -> Bool {
            guard let count = count() else { return false }
            offset += count
            return true
        }

        /// A string when `present`, or none; nil when it is there but cannot be read.
        mutating func string(if present: Bool) -> String?? {
            present ? string().map { .some($0) } : .some(nil)
        }

        /// A string: its byte count, then its UTF-8.
        mutating func string() -> String? {
            guard let count = count() else { return nil }
            defer { offset += count }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]), as: UTF8.self)
        }
    }
}
