import Foundation
import IntakeCompiler
import IntakeStore
import Testing

@testable import IntakeRunner

/// An apply keeps each written row's fingerprint with its record; a later plan of the same
/// spec and model recognises rows by them and skips evaluating and comparing those rows.
/// Recognition must never change what a plan says: every test here compares it with a plan
/// that recognises nothing, byte for byte.
@Suite struct RowFingerprintTests {
    /// A store that keeps no fingerprints, as far as the plan can tell.
    struct Forgetful: ForwardingStateStore {
        let base: any StateStore
        func rowFingerprints(in namespace: String, tag: UInt32) throws(StoreError) -> [RowFingerprint] { [] }
    }

    /// A store that counts the times a plan reads its fingerprints.
    final class Counting: ForwardingStateStore, @unchecked Sendable {
        let base: any StateStore
        var reads = 0
        init(base: any StateStore) { self.base = base }
        func rowFingerprints(in namespace: String, tag: UInt32) throws(StoreError) -> [RowFingerprint] {
            reads += 1
            return try base.rowFingerprints(in: namespace, tag: tag)
        }
    }

    static let asOf = RunnerHarness.asOf

    private static func run(
        _ plan: Plan, _ store: any StateStore, _ csv: String, asOf: Date = asOf, takes: Bool = false, budget: Int? = nil, partMinimum: Int = 131_072
    ) -> RunOutcome {
        var runner = Runner(plan: plan, store: store, memoryBudget: budget)
        runner.takesFingerprints = takes
        runner.partMinimum = partMinimum
        return runner.run(CSVReader(data: Data(csv.utf8), delimiter: 44, footer: .reject), sourcePath: "data.csv", asOf: asOf)
    }

    /// Plans `csv` taking fingerprints and applies it as the CLI does: the run names the plan's
    /// digests and the fingerprints' tag; `throughFile` writes the changeset out and reads it
    /// back first, as `intake apply FILE` does, which keeps no fingerprints.
    @discardableResult
    private static func apply(_ plan: Plan, _ store: SQLiteStateStore, _ csv: String, throughFile: Bool = false) throws -> Changeset {
        let outcome = run(plan, store, csv, takes: !throughFile)
        #expect(!outcome.failed, "\(outcome.diagnostics)")
        var changeset = try #require(outcome.changeset)
        if throughFile { changeset = try ChangesetJSONReader.read(ChangesetEncoder.encode(changeset)) }
        var record = RunRecord(
            integration: plan.integration, command: "apply", outcome: "applied", startedAt: "2026-11-26T10:30:00Z",
            specDigest: plan.digests.spec, modelDigest: plan.digests.model)
        record.fingerprintTag = outcome.fingerprintTag
        _ = try store.apply(changeset, run: record)
        return changeset
    }

    /// Rows of `SetAsideTests.file` that are byte for byte a row of its state and win their key.
    static let identicalRows = (0..<12_000).filter { $0 % 7 != 0 && $0 % 11 != 0 && $0 % 1_000 != 3 }.count

    @Test(arguments: [(nil, 131_072), (1, 300)] as [(Int?, Int)])
    func recognisedRowsChangeNothingInThePlan(budget: Int?, partMinimum: Int) throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        let applied = try Self.apply(plan, h.store, SetAsideTests.state)
        let tag = try #require(Self.run(plan, h.store, SetAsideTests.state, takes: true).fingerprintTag)
        #expect(applied.changes.allSatisfy { $0.sourceFingerprint(tag: tag) != nil })
        let recognising = Self.run(plan, h.store, SetAsideTests.file, budget: budget, partMinimum: partMinimum)
        let comparing = Self.run(plan, Forgetful(base: h.store), SetAsideTests.file)
        #expect(recognising.rowsRecognised == Self.identicalRows)
        #expect(comparing.rowsRecognised == 0)
        let expected = try #require(comparing.changeset)
        #expect(expected.counts.created > 0 && expected.counts.updated > 0 && expected.counts.superseded > 0 && !expected.rejects.isEmpty)
        #expect(try ChangesetEncoder.encode(#require(recognising.changeset)) == ChangesetEncoder.encode(expected))
        #expect(recognising.diagnostics.map(\.message) == comparing.diagnostics.map(\.message))
        #expect(recognising.rejectedCells == comparing.rejectedCells)
    }

    /// A record written since by a change no row stands behind (a saved changeset) or by
    /// another integration's row no longer carries this plan's fingerprint: its row is
    /// compared again, and the plan puts the value back. (After the saved changeset, a
    /// one-row apply from a file makes this spec's fingerprints worth reading again.)
    @Test(arguments: [false, true])
    func aLaterWriteByAnythingElseEndsRecognition(byAnotherIntegration: Bool) throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        try Self.apply(plan, h.store, SetAsideTests.state)
        let other = byAnotherIntegration
            ? try h.plan(RunnerHarness.accounts.replacingOccurrences(of: "integration: accounts", with: "integration: accounts-apac")) : plan
        try Self.apply(other, h.store, SetAsideTests.header + "acct-00001,Name 1,,APAC,10,01/03/2027,green,\n", throughFile: !byAnotherIntegration)
        if !byAnotherIntegration { try Self.apply(plan, h.store, SetAsideTests.header + "acct-00002,Name 2,acct-00000,APAC,20,01/03/2027,green,\n") }
        let outcome = Self.run(plan, h.store, SetAsideTests.state)
        let changed = byAnotherIntegration ? ["acct-00001"] : ["acct-00001", "acct-00002"]
        #expect(outcome.rowsRecognised == 12_000 - changed.count)
        let changeset = try #require(outcome.changeset)
        #expect(changeset.changes.map(\.key) == changed)
        #expect(changeset.changes.allSatisfy { $0.attributes["Region"] == AttributeChange(old: "APAC", new: "EMEA") })
    }

    /// After an apply that kept no fingerprints (a saved changeset's), or none of this spec's,
    /// a plan does not read the store's at all: the scan could find nothing it could use.
    @Test func aPlanReadsFingerprintsOnlyAfterAnApplyThatKeptItsOwn() throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        let counting = Counting(base: h.store)
        try Self.apply(plan, h.store, SetAsideTests.state, throughFile: true)
        #expect(Self.run(plan, counting, SetAsideTests.state).rowsRecognised == 0)
        #expect(counting.reads == 0)
        // One record changed by a saved changeset, then put back from a file: its row's
        // fingerprint is the only one kept.
        try Self.apply(plan, h.store, SetAsideTests.header + "acct-00002,Name 2,acct-00000,APAC,20,01/03/2027,green,\n", throughFile: true)
        try Self.apply(plan, h.store, SetAsideTests.header + "acct-00002,Name 2,acct-00000,EMEA,20,01/03/2027,green,\n")
        #expect(Self.run(plan, counting, SetAsideTests.state).rowsRecognised == 1)
        #expect(counting.reads == 1)
        let edited = try h.plan(RunnerHarness.accounts + "# reviewed\n")
        #expect(Self.run(edited, counting, SetAsideTests.state).rowsRecognised == 0)
        #expect(counting.reads == 1)
    }

    /// Another spec or another day (the file's empty Synced cells write the run's day) reads
    /// the same cells differently: nothing is recognised, and every row's change shows.
    @Test func anotherSpecOrDayRecognisesNothing() throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        try Self.apply(plan, h.store, SetAsideTests.state)
        #expect(Self.run(plan, h.store, SetAsideTests.state).rowsRecognised == 12_000)
        let edited = try h.plan(RunnerHarness.accounts + "# reviewed\n")
        #expect(Self.run(edited, h.store, SetAsideTests.state).rowsRecognised == 0)
        let nextDay = Self.run(plan, h.store, SetAsideTests.state, asOf: Self.asOf.addingTimeInterval(86_400))
        #expect(nextDay.rowsRecognised == 0)
        #expect(nextDay.changeset?.counts.updated == 12_000)
    }

    /// Reference outputs of MurmurHash3_x64_128, from Python's mmh3 5.3.1 (`hash128(key, seed, True)`).
    @Test(arguments: [
        ("", 0, 0x0, 0x0) as (String, UInt32, UInt64, UInt64),
        ("", 42, 0xF02A_A77D_FA1B_8523, 0xD101_6610_DA11_CBB9),
        ("a", 0, 0x8555_5565_F659_7889, 0xE6B5_3A48_510E_895A),
        ("hello", 42, 0xC4B8_B3C9_60AF_6F08, 0x2334_B875_B0EF_BC7A),
        ("The quick brown fox jumps over the lazy dog", 0, 0xE34B_BC7B_BC07_1B6C, 0x7A43_3CA9_C49A_9347),
        ("The quick brown fox jumps over the lazy dog", 42, 0x740D_CF93_FE0B_D5D7, 0xC454_6CF4_EC70_5C8F),
    ])
    func murmurHashMatchesTheReference(key: String, seed: UInt32, first: UInt64, second: UInt64) {
        let (h1, h2) = Array(key.utf8).withUnsafeBytes { MurmurHash3.x64x128($0, seed: seed) }
        #expect(h1 == first && h2 == second)
    }

    /// Every length of tail and block, 0 to 255 bytes 0, 1, 2…, against the reference.
    @Test func murmurHashMatchesTheReferenceOnLongerInputs() {
        let hash = { (count: Int, seed: UInt32) in Array(0..<UInt8(count)).withUnsafeBytes { MurmurHash3.x64x128($0, seed: seed) } }
        #expect(hash(31, 0) == (0x053D_D3E1_A32C_D094, 0x9EE5_9AEF_B400_5490))
        #expect(hash(31, 42) == (0x5FC4_E026_C822_C888, 0x3433_04C5_C7AA_92EB))
    }

    @Test func theTableHoldsExactlyItsFingerprints() {
        let fingerprints = (1...5_000).map { RowFingerprint(high: UInt64(7) << 32 | UInt64($0), low: UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
        let table = KnownFingerprints(fingerprints + fingerprints.prefix(10) + [.none, .known])
        #expect(table.count == 5_000)
        #expect(fingerprints.allSatisfy(table.contains))
        #expect(!table.contains(RowFingerprint(high: UInt64(7) << 32 | 1, low: 2)))
        #expect(!table.contains(.none) && !table.contains(.known))
        #expect(KnownFingerprints([]).isEmpty && !KnownFingerprints([]).contains(fingerprints[0]))
    }

    @Test func storedBytesLieInTheirPlansRange() throws {
        let fingerprint = RowFingerprint(high: 0xDEAD_BEEF_0000_0001, low: 42)
        let stored = fingerprint.stored
        #expect(stored.count == 16 && stored.prefix(4) == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(stored.withUnsafeBytes { RowFingerprint(stored: $0) } == fingerprint)
        let range = RowFingerprint.storedRange(tag: 0xDEAD_BEEF)
        #expect(!stored.lexicographicallyPrecedes(range.lower))
        #expect(stored.lexicographicallyPrecedes(range.upper))
        #expect(!RowFingerprint(high: 0xDEAD_BEF0 << 32, low: 0).stored.lexicographicallyPrecedes(range.upper))
        #expect([UInt8](repeating: 0, count: 16).withUnsafeBytes { RowFingerprint(stored: $0) } == nil)
        #expect([UInt8](repeating: 1, count: 15).withUnsafeBytes { RowFingerprint(stored: $0) } == nil)
    }
}
