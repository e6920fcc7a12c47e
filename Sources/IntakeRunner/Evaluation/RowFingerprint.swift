/// What a row's bound cells hash to under one plan: the plan's 32-bit tag, then 96 bits of
/// MurmurHash3 over the seed's SHA-256 (plan, binding, build…) and the cells (`RowFingerprinter`).
///
/// Kept with each record a change writes (`RecordChange.sourceFingerprint(tag:)`): the record then
/// holds what that row's evaluation wrote, and until anything writes the record again (every
/// write sets the column, to null when no row stands behind it), a row with the same
/// fingerprint would leave it as it is. A plan recognises such rows without evaluating their
/// other cells or comparing them with the store.
public struct RowFingerprint: Hashable, Sendable {
    /// The tag in the top 32 bits (never 0 for a real fingerprint), then hash bits.
    let high: UInt64
    /// Hash bits.
    let low: UInt64

    /// No fingerprint: the run does not take them.
    static let none = RowFingerprint(high: 0, low: 0)
    /// A row recognised by its fingerprint; it holds only the values its key and the checks need.
    static let known = RowFingerprint(high: 0, low: 1)

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Whether this is a fingerprint, not one of the marks `none` and `known`.
    var isReal: Bool { high != 0 }

    /// The bytes the store keeps: both words big-endian, so the tag comes first and a range of
    /// byte strings holds one plan's fingerprints.
    public var stored: [UInt8] { withStored { Array($0) } }

    /// `body` over the `stored` bytes, without an array.
    public func withStored<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(of: (high.bigEndian, low.bigEndian), body)
    }

    /// The fingerprint the store kept as `stored`; nil for anything but 16 bytes of a real one.
    public init?(stored: UnsafeRawBufferPointer) {
        guard stored.count == 16 else { return nil }
        self.init(high: UInt64(bigEndian: stored.loadUnaligned(as: UInt64.self)), low: UInt64(bigEndian: stored.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        guard isReal else { return nil }
    }

    /// The least and the greatest stored bytes of the plan tagged `tag`.
    public static func storedRange(tag: UInt32) -> (lower: [UInt8], upper: [UInt8]) {
        let top = UInt64(tag) << 32
        return (RowFingerprint(high: top, low: 0).stored, RowFingerprint(high: top | 0xFFFF_FFFF, low: .max).stored)
    }
}
