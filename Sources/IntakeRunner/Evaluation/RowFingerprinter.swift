import Foundation
import IntakeCompiler
import IntakeSpec

/// Takes rows' fingerprints (`RowFingerprint`) under one plan and one file's binding.
///
/// The seed holds all that evaluation reads besides the cells: the plan, the columns the file
/// binds, the run's day when an empty cell can write it, and the zone rules when a date column
/// names a zone. Rows of plans that append events or aggregate usage per day take none.
///
/// Unchecked: `seeded` is never changed, only copied, and each copy (copy-on-write storage)
/// takes a context of its own before its first update; every worker thread shares it so.
struct RowFingerprinter: @unchecked Sendable {
    /// Bumped whenever intake reads the same cells under the same plan differently: every
    /// fingerprint stored before then stops matching, and rows are evaluated in full again.
    static let scheme = "intake row fingerprint 1"

    /// The plan's tag: the top 32 bits of each fingerprint, never 0.
    let tag: UInt32
    /// SHA-256 after exactly one 64-byte block (the seed's digest): a row hashes only its own bytes.
    private let seeded: DigestBuilder
    /// The file columns hashed, in bound order.
    private let columns: [Int]

    /// The fingerprinter of `plan`'s rows as `binding` reads them; nil for plans whose rows take none.
    init?(plan: Plan, binding: ColumnBinding, today: String) {
        guard plan.duplicates != .append, plan.object != .usageAggregated, let planBytes = try? PlanEncoder.encode(plan) else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var seed = DigestBuilder()
        seed.update(Self.scheme)
        seed.update(planBytes)
        for bound in binding.bound {
            guard let column = try? encoder.encode(bound.column) else { return nil }
            seed.update("\u{1E}")
            seed.update(column)
        }
        if binding.bound.contains(where: { $0.column.empty == "today" }) { seed.update("\u{1E}today:" + today) }
        // A zone's rules change with the system's time zone data; UTC's never do.
        if binding.bound.contains(where: { ($0.column.coercer.timezone ?? "UTC") != "UTC" }) {
            seed.update("\u{1E}tzdata:" + TimeZone.timeZoneDataVersion)
        }
        let (first, second) = seed.finalizeWords()
        tag = max(1, UInt32(truncatingIfNeeded: first >> 32))
        var block = [UInt8](repeating: 0, count: 64)
        withUnsafeBytes(of: first.littleEndian) { block.replaceSubrange(0..<8, with: $0) }
        withUnsafeBytes(of: second.littleEndian) { block.replaceSubrange(8..<16, with: $0) }
        var seeded = DigestBuilder()
        block.withUnsafeBytes { seeded.update($0) }
        self.seeded = seeded
        columns = binding.bound.map(\.index)
    }

    /// The fingerprint of row `row` of `batch` (whose bytes are `base`), its cells from `first`:
    /// each bound cell's byte count (UInt32, little-endian) and bytes, hashed in one update.
    func fingerprint(_ batch: CSVBatch, _ row: Int, first: Int, in base: UnsafeBufferPointer<UInt8>) -> RowFingerprint {
        var size = 0
        for column in columns { size += 4 + batch.cell(first + column, in: base).count }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { scratch in
            let out = UnsafeMutableRawPointer(scratch.baseAddress!)
            var at = 0
            for column in columns {
                let cell = batch.cell(first + column, in: base)
                out.storeBytes(of: UInt32(cell.count).littleEndian, toByteOffset: at, as: UInt32.self)
                at += 4
                if let start = cell.baseAddress, cell.count > 0 { (out + at).copyMemory(from: start, byteCount: cell.count) }
                at += cell.count
            }
            var hasher = seeded
            hasher.update(UnsafeRawBufferPointer(start: out, count: at))
            let (high, low) = hasher.finalizeWords()
            return RowFingerprint(high: UInt64(tag) << 32 | (high & 0xFFFF_FFFF), low: low)
        }
    }
}
