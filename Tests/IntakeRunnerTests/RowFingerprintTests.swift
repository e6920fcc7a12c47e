import Foundation
import IntakeCompiler
import Testing

@testable import IntakeStore

@testable import IntakeRunner

/// An apply keeps each written row's fingerprint with its record; a later plan of the same
/// spec and model recognises rows by them and skips evaluating and comparing those rows.
/// Recognition must never change what a plan says: every test here compares it with a plan
/// that recognises nothing, byte for byte.
@Suite struct RowFingerprintTests {
    /// A store that keeps no fingerprints, as far as the plan can tell.
    struct Forgetful: ForwardingStateStore {
        let base: any StateStore
        func rowFingerprints(in namespace: String, tag: UInt32, limit: Int) throws(StoreError) -> [RowFingerprint]? { [] }
    }

    /// A store that counts the times a plan reads its fingerprints.
    final class Counting: ForwardingStateStore, @unchecked Sendable {
        let base: any StateStore
        var reads = 0
        init(base: any StateStore) { self.base = base }
        func rowFingerprints(in namespace: String, tag: UInt32, limit: Int) throws(StoreError) -> [RowFingerprint]? {
            reads += 1
            return try base.rowFingerprints(in: namespace, tag: tag, limit: limit)
        }
    }

    static let asOf = RunnerHarness.asOf

    private static func run(
        _ plan: Plan, _ store: any StateStore, _ csv: String, asOf: Date = asOf, takes: Bool = false, budget: Int? = nil, partMinimum: Int = 131_072,
        fingerprintLimit: Int? = .max
    ) -> RunOutcome {
        var runner = Runner(plan: plan, store: store, memoryBudget: budget)
        runner.takesFingerprints = takes
        runner.partMinimum = partMinimum
        runner.fingerprintLimit = fingerprintLimit
        return runner.run(CSVReader(data: Data(csv.utf8), delimiter: 44, footer: .reject), sourcePath: "data.csv", asOf: asOf)
    }

    /// Plans `csv` taking fingerprints and applies it as the CLI does: the run names the plan's
    /// digests and the fingerprints' tag; `throughFile` writes the changeset out and reads it
    /// back first, as `intake apply FILE` does, which keeps no fingerprints.
    @discardableResult
    private static func apply(_ plan: Plan, _ store: SQLiteStateStore, _ csv: String, throughFile: Bool = false, budget: Int? = nil) throws -> Changeset {
        let outcome = run(plan, store, csv, takes: !throughFile, budget: budget)
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

    /// Held, and set aside (a one-byte budget, the fingerprints' limit raised past it).
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
        #expect((recognising.rowsSetAside > 0) == (budget != nil))
        #expect(comparing.rowsRecognised == 0)
        let expected = try #require(comparing.changeset)
        #expect(expected.counts.created > 0 && expected.counts.updated > 0 && expected.counts.superseded > 0 && !expected.rejects.isEmpty)
        #expect(try ChangesetEncoder.encode(#require(recognising.changeset)) == ChangesetEncoder.encode(expected))
        #expect(recognising.diagnostics.map(\.message) == comparing.diagnostics.map(\.message))
        #expect(recognising.rejectedCells == comparing.rejectedCells)
    }

    /// A budget whose quarter cannot hold the stored fingerprints' table recognises no row (the
    /// table would be held past the budget) and plans the same bytes, comparing every row.
    @Test func fingerprintsPastTheBudgetRecogniseNothing() throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        try Self.apply(plan, h.store, SetAsideTests.state)
        let budget = 12_000 * 4 * KnownFingerprints.bytesEach
        let fits = Self.run(plan, h.store, SetAsideTests.file, budget: budget, partMinimum: 300, fingerprintLimit: nil)
        let tooSmall = Self.run(plan, h.store, SetAsideTests.file, budget: budget - 4, partMinimum: 300, fingerprintLimit: nil)
        #expect(fits.rowsRecognised == Self.identicalRows && tooSmall.rowsRecognised == 0)
        #expect(try ChangesetEncoder.encode(#require(tooSmall.changeset)) == ChangesetEncoder.encode(#require(fits.changeset)))
    }

    /// An apply whose changes outgrew the budget and were read back from disk writes the same
    /// records with the same fingerprints as one that held them, so the next plan recognises
    /// the same rows.
    @Test func anApplyOfChangesSetAsideWritesWhatAHeldOneDoes() throws {
        let (held, aside) = (try RunnerHarness(), try RunnerHarness())
        let plan = try held.plan(RunnerHarness.accounts)
        #expect(!(try Self.apply(plan, held.store, SetAsideTests.state)).changes.isSetAside)
        #expect(try Self.apply(plan, aside.store, SetAsideTests.state, budget: 1).changes.isSetAside)
        let tag = try #require(Self.run(plan, held.store, SetAsideTests.state, takes: true).fingerprintTag)
        let fingerprints = try #require(try held.store.rowFingerprints(in: "account", tag: tag, limit: .max))
        #expect(fingerprints.count == 12_000)
        #expect(try held.store.rowFingerprints(in: "account", tag: tag, limit: 11_999) == nil, "more than the limit: none")
        #expect(try held.store.rowFingerprints(in: "account", tag: tag, limit: 12_000)?.count == 12_000)
        #expect(try aside.store.rowFingerprints(in: "account", tag: tag, limit: .max)?.sorted { ($0.high, $0.low) < ($1.high, $1.low) }
            == fingerprints.sorted { ($0.high, $0.low) < ($1.high, $1.low) })
        #expect(try aside.store.allRecords(in: "account") == held.store.allRecords(in: "account"))
        #expect(Self.run(plan, aside.store, SetAsideTests.file).rowsRecognised == Self.identicalRows)
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

    /// Fields rewritten by another tool (an `UPDATE` of the column, as with sqlite3) lose the
    /// fingerprint with them: the row is compared again.
    @Test func fieldsRewrittenOutsideIntakeEndRecognition() throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        try Self.apply(plan, h.store, SetAsideTests.state)
        let stored = try #require(h.store.records(in: "account", keys: ["acct-00003"])["acct-00003"])
        var fields = stored.fields
        fields["Region"] = "LATAM"
        try h.store.rewriteFields(in: "account", key: "acct-00003", fields: FieldsJSON.encode(fields))
        let outcome = Self.run(plan, h.store, SetAsideTests.state)
        #expect(outcome.rowsRecognised == 11_999)
        let changeset = try #require(outcome.changeset)
        #expect(changeset.changes.map(\.key) == ["acct-00003"])
        #expect(changeset.changes.first?.attributes["Region"] == AttributeChange(old: "LATAM", new: "EMEA"))
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

    /// A tail of 15 bytes after a block, bytes 0, 1, 2…, against the reference.
    @Test func murmurHashMatchesTheReferenceOnLongerInputs() {
        let hash = { (count: Int, seed: UInt32) in Array(0..<UInt8(count)).withUnsafeBytes { MurmurHash3.x64x128($0, seed: seed) } }
        #expect(hash(31, 0) == (0x053D_D3E1_A32C_D094, 0x9EE5_9AEF_B400_5490))
        #expect(hash(31, 42) == (0x5FC4_E026_C822_C888, 0x3433_04C5_C7AA_92EB))
    }

    /// Every length from 0 to 32 bytes (0, 1, 2…), seed 7: each tail length after zero, one and
    /// two blocks. Reference outputs from Python's mmh3 5.3.1.
    @Test func murmurHashMatchesTheReferenceAtEveryTailLength() {
        let expected: [(UInt64, UInt64)] = [
        (0xF402C55AC5DEC98F, 0x2DE586F681711C02),
        (0x7D480F9FA80EC469, 0x719AF4070B74D89D),
        (0xE782918EB8B27E84, 0x008F0E9B03C4AB1C),
        (0x72CA291A6A777918, 0x1F31EC190045B159),
        (0xEE50D1D3F7CE76AB, 0x3D32FE53F455D0AC),
        (0x89977AB6DDBBFA1E, 0x14A47F01C8A25694),
        (0x1F57C8A69F7A7E91, 0x13CE9B785340FA25),
        (0xD957D6CA33CDB458, 0xC603C22F4DB48E84),
        (0xB1ADD0CE5E581561, 0xBB431FE101D9F8F4),
        (0xDC2366F6BC543C1C, 0xF9328DBA8F5F8217),
        (0x84BFDDEB15040A1E, 0x8F2E83C960036BEC),
        (0x14D2CE892AD595A7, 0xEDBB07D04E6FECA5),
        (0x2FF54948468A1945, 0xB97B510DFB038B57),
        (0xDABD72EBE3032EEA, 0xDCB62A4DB60B577E),
        (0x73E4765CEBD53674, 0xF9BB7C88F5E61C8B),
        (0x688BEA6B8B27A4AE, 0x1955659341AE9E4B),
        (0xBDCCFBF89CFD226F, 0xFE917A495CEEC318),
        (0x779E800196EE1661, 0x0EDEF569F03FF70B),
        (0x9560D0DEAFF5D8BA, 0x203EB0CE438BA5B2),
        (0x3555EA0D60A9B9BA, 0x1EBB9DF91D23E0F7),
        (0x0145EA95E7B8F63E, 0xE217FD399D03054F),
        (0x956AF06E2789AB6B, 0x0F8C1707AD220EF7),
        (0xF4FC21CD01C25740, 0xC28E2F2BA16FFB26),
        (0xB5C714B6795025BA, 0x0A3D1DC90DAF6960),
        (0xF4EFCAAAE938C3CC, 0x86C3B81454570AD0),
        (0xB5C90F3689EEC1E0, 0xD0375B1140279277),
        (0x7F3D8C6E9EF38984, 0xD1D7691C1EA44BB8),
        (0x071184FA9465C6B1, 0xDC02D99E6B1E7ABC),
        (0x4EF5DABC5202871B, 0x448586906A510C6D),
        (0x315E16DDD4E230B4, 0x10C106308DA15DAC),
        (0x4E842F25C6F38330, 0xE4185866F257F31A),
        (0x04365954BE67F77E, 0x5A9E408D5359E11C),
        (0x39A625DAFAFF2A0F, 0x471ED6CE98720555),
        ]
        for (count, want) in expected.enumerated() {
            let got = Array(0..<UInt8(count)).withUnsafeBytes { MurmurHash3.x64x128($0, seed: 7) }
            #expect(got == want, "\(count) bytes")
        }
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
