import CMemoryHints
import Foundation

/// The row fingerprints a store keeps for one plan, in an open-addressing table placed by
/// their own low bits: they are hash bits, evenly spread already, so nothing is hashed
/// again (`Set` spent a quarter of a plan hashing them once more).
///
/// Every row of a file looks one up at a random place: the table is mapped on its own and, on
/// Linux, asked for huge pages, so a lookup misses the cache but not the TLB as well (an
/// identical 1M-row file plans ~2% faster than with the table in an array).
final class KnownFingerprints: @unchecked Sendable {
    /// Linear-probed slots; `RowFingerprint.none` (all zero bits) marks an empty one. Written
    /// only by `init`, read by every thread after.
    private let slots: UnsafeMutablePointer<RowFingerprint>
    private let mapped: Int
    private let mask: Int
    /// How many distinct fingerprints the table holds.
    let count: Int
    /// The most memory a fingerprint takes while its table is built: up to 8/3 slots of 16
    /// bytes (a power of two at most three quarters full), and its place in the array the store
    /// gave.
    static let bytesEach = 60

    /// The table of `fingerprints` (marks other than real fingerprints are left out), at most
    /// three quarters full.
    init(_ fingerprints: [RowFingerprint]) {
        var capacity = 16
        while capacity * 3 < fingerprints.count * 4 { capacity <<= 1 }
        mapped = capacity * MemoryLayout<RowFingerprint>.stride
        // Anonymous pages read as zero: every slot starts empty.
        guard let memory = mmap(nil, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED else {
            preconditionFailure("could not map \(mapped) bytes for the row fingerprints")
        }
        #if os(Linux)
        _ = madvise(memory, mapped, MADV_HUGEPAGE)
        #endif
        slots = memory.bindMemory(to: RowFingerprint.self, capacity: capacity)
        mask = capacity - 1
        var count = 0
        for fingerprint in fingerprints where fingerprint.isReal {
            var index = Int(truncatingIfNeeded: fingerprint.low) & mask
            while slots[index].isReal, slots[index] != fingerprint { index = (index + 1) & mask }
            if !slots[index].isReal { count += 1 }
            slots[index] = fingerprint
        }
        self.count = count
    }

    deinit { munmap(slots, mapped) }

    /// Whether the table holds no fingerprint.
    var isEmpty: Bool { count == 0 }

    /// Starts fetching `fingerprint`'s place in the table into the cache, for a `contains` soon after.
    func prefetch(_ fingerprint: RowFingerprint) {
        intake_prefetch(slots + (Int(truncatingIfNeeded: fingerprint.low) & mask))
    }

    /// Whether the table holds `fingerprint`.
    func contains(_ fingerprint: RowFingerprint) -> Bool {
        guard count > 0, fingerprint.isReal else { return false }
        var index = Int(truncatingIfNeeded: fingerprint.low) & mask
        while true {
            let slot = slots[index]
            if slot == fingerprint { return true }
            if !slot.isReal { return false }
            index = (index + 1) & mask
        }
    }
}
