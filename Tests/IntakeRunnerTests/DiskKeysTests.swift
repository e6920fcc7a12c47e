import Foundation
import Testing

@testable import IntakeRunner

/// Keys written to a file and searched there find what the same keys held in memory
/// (`SortedKeys`) find: one at a time and many at once, across blocks, with non-ASCII keys and
/// keys outside the shared prefix.
@Suite struct DiskKeysTests {
    private static func both(_ present: [String]) throws -> (DiskKeys, SortedKeys) {
        let disk = try DiskKeys(directory: FileManager.default.temporaryDirectory)
        for key in present { try disk.append(key) }
        try disk.finish()
        return (disk, SortedKeys(present.enumerated().map { EvaluatedRow(line: $0.offset, key: $0.element, actions: []) }))
    }

    @Test(arguments: [0, 1, 64, 65, 20_000])
    func findsWhatTheKeysInMemoryFind(count: Int) throws {
        var present = (0..<count).map { String(format: "acct-%06d", $0 * 3) }
        if count > 1 { present += ["acct-\u{E9}t\u{E9}", "z-" + String(repeating: "long", count: 40)] }
        let (disk, memory) = try Self.both(present)
        #expect(disk.count == present.count)
        for (index, key) in present.enumerated() { #expect(try disk.index(of: key) == index, "\(key)") }
        var generator = SystemRandomNumberGenerator()
        var asked = (0..<5_000).map { _ in String(format: "acct-%06d", Int.random(in: 0..<(3 * count + 10), using: &generator)) }
        asked += ["", "acct", "acct-", "b", "acct-000000\u{0}", "acct-e\u{301}t\u{E9}", "\u{FFFF}"] + present.suffix(3)
        asked.shuffle(using: &generator)
        #expect(try disk.indices(of: asked) == memory.indices(of: asked))
        for key in asked.prefix(500) { #expect(try disk.index(of: key) == memory.index(of: key), "\(key)") }
    }

    /// A file cut short under the keys fails the search with the directory named, not a crash.
    @Test func aFileCutShortFailsTheSearch() throws {
        let disk = try DiskKeys(directory: FileManager.default.temporaryDirectory)
        for n in 0..<1_000 { try disk.append(String(format: "k%05d", n)) }
        try disk.finish()
        #expect(try disk.index(of: "k00999") == 999)
        #expect(ftruncate(disk.descriptorForTests, 100) == 0)
        #expect { try disk.index(of: "k00500") } throws: { ($0 as? SpillFile.Failure)?.message.contains("cut short") == true }
    }
}

extension DiskKeysTests {
    /// A key's length damaged past its block's end fails the search; nothing is read past it.
    @Test func aDamagedLengthFailsTheSearch() throws {
        let disk = try DiskKeys(directory: FileManager.default.temporaryDirectory)
        for n in 0..<1_000 { try disk.append(String(format: "k%05d", n)) }
        try disk.finish()
        let huge = [UInt8](repeating: 0x7F, count: 4)
        // The second key of the first block starts at byte 10 (4 + "k00000").
        #expect(huge.withUnsafeBytes { pwrite(disk.descriptorForTests, $0.baseAddress, 4, 10) } == 4)
        #expect { try disk.index(of: "k00001") } throws: { ($0 as? SpillFile.Failure)?.message.contains("do not read back") == true }
        #expect(try disk.index(of: "k00999") == 999, "other blocks still read")
    }
}

/// A bit per member.
@Suite struct BitSetTests {
    @Test func holdsWhatWasInsertedAndNotRemoved() {
        var set = BitSet(capacity: 10)
        for member in [0, 9, 63, 64, 1_000_000, 9] { set.insert(member) }
        set.remove(63)
        set.remove(5)
        #expect(set.count == 4)
        #expect([0, 9, 64, 1_000_000].allSatisfy(set.contains))
        #expect(![-1, 1, 63, 65, 999_999, 2_000_000].contains(where: set.contains))
    }
}
