import Foundation
import Glibc
import Testing

@testable import IntakeRunner

/// References set aside read back as written, a part at a time; a file cut short or damaged
/// fails with an error instead of answering.
@Suite struct ParentReferencesTests {
    /// References with long, non-ASCII and one-byte values, over a read buffer's length.
    static func sample(_ count: Int) -> [Reference] {
        (0..<count).map { n in
            let value = n == 1_234 ? String(repeating: "p", count: 300_000) : n % 5 == 0 ? "acct-\(n) é" : "p\(n)"
            return Reference(index: Int32(n * 3), line: n * 7 + 2, value: value)
        }
    }

    static func spilled(_ references: [Reference]) throws -> SpilledReferences {
        let spilled = try SpilledReferences(directory: FileManager.default.temporaryDirectory)
        for reference in references { try spilled.append(reference) }
        try spilled.finish()
        return spilled
    }

    @Test(arguments: [1, 7, 65_536, .max])
    func spilledReferencesReadBackInParts(part: Int) throws {
        let references = Self.sample(70_001)
        let spilled = try Self.spilled(references)
        var parts: [Int] = []
        var read: [Reference] = []
        try ParentReferences.spilled(spilled).forEachPart(part) { chunk in
            parts.append(chunk.count)
            read += chunk
        }
        #expect(read.map(\.index) == references.map(\.index) && read.map(\.line) == references.map(\.line))
        #expect(read.map(\.value) == references.map(\.value))
        #expect(parts.allSatisfy { $0 <= part } && parts.dropLast().allSatisfy { $0 == part })
    }

    @Test func noReferencesReadAsNone() throws {
        var calls = 0
        try ParentReferences.spilled(Self.spilled([])).forEachPart(10) { _ in calls += 1 }
        #expect(calls == 0)
    }

    /// The words of the first reference: its index, line and value's byte count.
    enum Damage: CaseIterable {
        case cutShort, negativeIndex, indexPastTheLast, indexOutOfOrder, countPastTheEnd

        /// The word written over, where, and what the read says.
        var change: (offset: Int, word: UInt32, message: String)? {
            switch self {
            case .cutShort: nil
            case .negativeIndex: (0, UInt32(bitPattern: -5), "do not read back")
            case .indexPastTheLast: (0, 1_000_000, "do not read back")
            // The second reference (after the first's 12 bytes and "acct-0 é", 9 bytes) gets index 0.
            case .indexOutOfOrder: (21, 0, "do not read back")
            case .countPastTheEnd: (8, 0xFF00_0000, "do not read back")
            }
        }
    }

    @Test(arguments: Damage.allCases)
    func aFileCutShortOrDamagedFails(_ damage: Damage) throws {
        let spilled = try Self.spilled(Self.sample(100))
        var expected = "were cut short"
        if let (offset, word, message) = damage.change {
            var bytes = word.littleEndian
            #expect(pwrite(spilled.descriptorForTests, &bytes, 4, off_t(offset)) == 4)
            expected = message
        } else {
            #expect(ftruncate(spilled.descriptorForTests, 500) == 0)
        }
        let failure = #expect(throws: SpillFile.Failure.self) { try ParentReferences.spilled(spilled).forEachPart(10) { _ in } }
        #expect(failure?.message.hasSuffix(expected) == true, "\(String(describing: failure))")
    }
}
