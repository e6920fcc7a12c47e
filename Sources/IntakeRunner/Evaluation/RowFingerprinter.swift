import Foundation
import IntakeCompiler
import IntakeSpec

/// Takes rows' fingerprints (`RowFingerprint`) under one plan and one file's binding.
///
/// The seed holds all that evaluation reads besides the cells: the plan, the columns the file
/// binds, the run's day when an empty cell can write it, and the zone rules when a date column
/// names a zone; and what reads them: intake's version and the system it runs on (Foundation's
/// currency codes and the Unicode tables differ between them). Its SHA-256 leads every row's
/// bytes into `MurmurHash3`. Rows of plans that append events or aggregate usage per day take none.
final class RowFingerprinter: Sendable {
    /// Bumped whenever intake reads the same cells under the same plan differently, with or
    /// without a new version: every fingerprint stored before then stops matching, and rows are
    /// evaluated in full again.
    static let scheme = "intake row fingerprint 1"

    /// The build and the system: a store used by another intake, or from another system, has
    /// its rows evaluated in full.
    static var reader: String {
        #if os(Linux)
        let system = "linux"
        #elseif os(macOS)
        let system = "macos"
        #else
        let system = "other"
        #endif
        #if swift(>=6.3)
        let swift = "6.3+"
        #else
        let swift = "<6.3"
        #endif
        return "\(IntakeVersion.current) \(system) swift \(swift)"
    }

    /// The plan's tag: the top 32 bits of each fingerprint, never 0.
    let tag: UInt32
    /// The seed's digest (128 bits), hashed ahead of each row's cells.
    private let seed: (UInt64, UInt64)
    /// The file columns hashed, in bound order.
    private let columns: [Int]

    /// The fingerprinter of `plan`'s rows as `binding` reads them; nil for plans whose rows take none.
    init?(plan: Plan, binding: ColumnBinding, today: String) {
        guard plan.duplicates != .append, plan.object != .usageAggregated, let planBytes = try? PlanEncoder.encode(plan) else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var digest = DigestBuilder()
        digest.update(Self.scheme + "\u{1E}" + Self.reader + "\u{1E}")
        digest.update(planBytes)
        for bound in binding.bound {
            guard let column = try? encoder.encode(bound.column) else { return nil }
            digest.update("\u{1E}")
            digest.update(column)
        }
        if binding.bound.contains(where: { $0.column.empty == "today" }) { digest.update("\u{1E}today:" + today) }
        // A zone's rules change with the system's time zone data; UTC's never do.
        if binding.bound.contains(where: { ($0.column.coercer.timezone ?? "UTC") != "UTC" }) {
            digest.update("\u{1E}tzdata:" + TimeZone.timeZoneDataVersion)
        }
        seed = digest.finalizeWords()
        tag = max(1, UInt32(truncatingIfNeeded: seed.0 >> 32))
        columns = binding.bound.map(\.index)
    }

    /// The fingerprint of row `row` of `batch` (whose bytes are `base`), its cells from `first`:
    /// the seed, then each bound cell's byte count (UInt32, little-endian) and bytes, laid out
    /// in `scratch` when they fit (a heap block when not). No closure here: capturing the
    /// batch retained and released each of its arrays per row.
    func fingerprint(_ batch: CSVBatch, _ row: Int, first: Int, in base: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>) -> RowFingerprint {
        var size = 16
        for column in columns { size += 4 + batch.cell(first + column, in: base).count }
        let heap = size > scratch.count ? UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8) : nil
        defer { heap?.deallocate() }
        let out = heap ?? UnsafeMutableRawPointer(scratch.baseAddress!)
        out.storeBytes(of: seed.0.littleEndian, toByteOffset: 0, as: UInt64.self)
        out.storeBytes(of: seed.1.littleEndian, toByteOffset: 8, as: UInt64.self)
        var at = 16
        for column in columns {
            let cell = batch.cell(first + column, in: base)
            out.storeBytes(of: UInt32(cell.count).littleEndian, toByteOffset: at, as: UInt32.self)
            at += 4
            if let start = cell.baseAddress, cell.count > 0 { (out + at).copyMemory(from: start, byteCount: cell.count) }
            at += cell.count
        }
        let (high, low) = MurmurHash3.x64x128(UnsafeRawBufferPointer(start: out, count: at))
        return RowFingerprint(high: UInt64(tag) << 32 | (high & 0xFFFF_FFFF), low: low)
    }
}
