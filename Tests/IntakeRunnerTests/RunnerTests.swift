import Foundation
import IntakeDiagnostics
import IntakeRunner
import IntakeStore
import IntakeTestSupport
import Testing

/// The runner's rules: defaults, duplicates, rejects, cross-record checks, the diff.
@Suite struct RunnerTests {
    let h: RunnerHarness
    init() throws { h = try RunnerHarness() }

    @Test func createsThenUpdatesOnlyChangedAttributes() throws {
        let first = try h.apply(RunnerHarness.accounts, "Account ID,Name,Region,ARR\nacme-1,Acme,EMEA,\"1,200\"\nglobex,Globex,APAC,5\n")
        #expect(first.counts.created == 2 && first.counts.updated == 0)
        #expect(first.changes[0].attributes["ARR"] == AttributeChange(old: nil, new: "1200"))
        let second = try h.run(RunnerHarness.accounts, "Account ID,Name,Region,ARR\nacme-1,Acme,EMEA,1300\nglobex,Globex,APAC,5\n")
        let changeset = try #require(second.changeset)
        #expect(changeset.counts.updated == 1 && changeset.counts.unchanged == 1 && changeset.counts.created == 0)
        #expect(changeset.changes.map(\.key) == ["acme-1"])
        #expect(changeset.changes[0].attributes == ["ARR": AttributeChange(old: "1200", new: "1300")])
    }

    @Test func emptyCellsFireDefaultsAndAbsentColumnsAreUntouched() throws {
        try h.apply(RunnerHarness.accounts, "Account ID,Name,Region,ARR,Renewal,Tier\nacme-1,Acme,EMEA,10,03/04/2026,red\n")
        // Region keeps (model), Renewal Date deletes, Health Segment takes its value, Last Sync is today; Name absent.
        let outcome = try h.run(RunnerHarness.accounts, "Account ID,Region,ARR,Renewal,Tier,Synced\nacme-1,,10,,,\n")
        let change = try #require(outcome.changeset?.changes.first)
        #expect(change.attributes["Region"] == nil, "keep: no change")
        #expect(change.attributes["Renewal Date"] == AttributeChange(old: "2026-03-04T00:00:00Z", new: nil, default: "delete"))
        #expect(change.attributes["Health Segment"] == AttributeChange(old: "Critical", new: "Healthy", default: "value"))
        #expect(change.attributes["Last Sync"] == AttributeChange(old: nil, new: "2026-11-26T00:00:00Z", default: "today"))
        #expect(change.attributes["account_name"] == nil, "absent column: untouched")
        #expect(outcome.diagnostics.contains { $0.code == .columnAbsent && $0.message.contains("'Name'") }, "\(outcome.diagnostics)")
    }

    @Test func rejectsNameLineColumnValueAndCode() throws {
        let outcome = try h.run(
            RunnerHarness.accounts,
            "Account ID,Name,ARR,Renewal\nok-1,A,1,\nbad id,B,2,\nok-2,\"multi\nline\",x,\nok-3,C,\"1,2,3\",\nok-4,D,4,13/45/2026\nok-5,E\n,F,1,\n")
        let rejects = try #require(outcome.changeset?.rejects)
        #expect(rejects.map(\.line) == [3, 4, 6, 7, 8, 9])
        #expect(rejects.map(\.code) == ["R002", "R003", "R003", "R004", "R009", "R001"])
        #expect(rejects[0].column == 1 && rejects[0].value == "bad id")
        #expect(rejects[1].column == 3 && rejects[1].value == "x", "line counts the quoted newline")
        #expect(rejects[2].reason.contains("thousands"))
        #expect(outcome.changeset?.counts.rejected == 6 && outcome.changeset?.counts.created == 1)
    }

    @Test(arguments: [("max_rejected_rows: 100", false), ("max_rejected_rows: 1", true), ("max_rejected_rows: \"50%\"", false), ("max_rejected_rows: \"10%\"", true)])
    func rejectLimitFailsTheRun(_ limit: String, _ fails: Bool) throws {
        let spec = RunnerHarness.accounts.replacingOccurrences(of: "max_rejected_rows: 100", with: limit)
        let outcome = try h.run(spec, "Account ID,ARR\na,1\nb,x\nc,y\nd,4\n")
        #expect(outcome.failed == fails)
        #expect(outcome.diagnostics.contains { $0.code == .tooManyRejects } == fails)
        #expect(outcome.changeset?.errors.isEmpty == !fails, "a failed run's changeset carries its errors")
    }

    @Test func recurringKeepsTheLastRowAndListsSupersededOnes() throws {
        let outcome = try h.run(RunnerHarness.accounts, "Account ID,Region\na,EMEA\nb,APAC\na,DACH\n")
        let changeset = try #require(outcome.changeset)
        #expect(changeset.superseded == [SupersededRow(key: "a", line: 2, by: 4)])
        #expect(changeset.changes.first { $0.key == "a" }?.attributes["Region"]?.new == "DACH")
        #expect(changeset.counts.superseded == 1 && changeset.counts.created == 2)
    }

    @Test func oneTimeFailsOnDuplicatesListingEveryKey() throws {
        let spec = RunnerHarness.accounts.replacingOccurrences(of: "mode: recurring\nschedule: \"0 3 * * *\"", with: "mode: one-time")
        let outcome = try h.run(spec, "Account ID,Region\na,EMEA\nb,APAC\na,DACH\nb,X\nc,Y\n")
        #expect(outcome.failed && outcome.changeset == nil)
        let duplicate = try #require(outcome.diagnostics.first { $0.code == .duplicateKeys })
        #expect(duplicate.notes.map(\.message) == ["'a' on lines 2, 4", "'b' on lines 3, 5"])
    }

    @Test func parentsMustExistAndStayAcyclic() throws {
        try h.apply(RunnerHarness.accounts, "Account ID,Parent\nroot,\nmid,root\n")
        let outcome = try h.run(RunnerHarness.accounts, "Account ID,Parent\nnew,mid\norphan,ghost\nroot,mid\nself,self\n")
        let rejects = try #require(outcome.changeset?.rejects)
        #expect(rejects.map(\.code) == ["R010", "R011", "R011"])
        #expect(rejects.map(\.line) == [3, 4, 5])
        #expect(outcome.changeset?.changes.map(\.key) == ["new"])
    }

    @Test func deepChainsPassAndALoopEnteredFromOutsideIsFound() throws {
        // 300 accounts in one chain, then x → y → z → y: y and z close a loop, x only leads into it.
        let chain = (0..<300).map { "n\($0),\($0 == 0 ? "" : "n\($0 - 1)")\n" }.joined()
        let outcome = try h.run(RunnerHarness.accounts, "Account ID,Parent\n" + chain + "x,y\ny,z\nz,y\n")
        let rejects = try #require(outcome.changeset?.rejects)
        #expect(rejects.map(\.line) == [302, 303, 304])
        #expect(rejects.map(\.code) == ["R010", "R011", "R011"], "x's parent is rejected, so x is too")
        #expect(outcome.changeset?.counts.created == 300)
    }

    @Test func aChildOfARejectedParentIsRejectedToo() throws {
        let outcome = try h.run(RunnerHarness.accounts, "Account ID,Name,Parent\nA,Alpha,X\nB,Beta,A\nC,Gamma,\n")
        #expect(outcome.changeset?.rejects.map(\.code) == ["R010", "R010"])
        #expect(outcome.changeset?.changes.map(\.key) == ["C"])
    }

    @Test func aRejectedLastRowSupersedesEarlierRows() throws {
        try h.apply(RunnerHarness.accounts, "Account ID,Name,ARR\nA,Stored,1\n")
        let outcome = try h.run(RunnerHarness.accounts, "Account ID,Name,ARR\nA,Old Name,100\nA,New Name,1e5\n")
        let changeset = try #require(outcome.changeset)
        #expect(changeset.changes.isEmpty, "the older row must not win")
        #expect(changeset.superseded == [SupersededRow(key: "A", line: 2, by: 3)])
        #expect(changeset.rejects.map(\.line) == [3])
    }

    @Test func unicodeNormalisationIsAChange() throws {
        try h.apply(RunnerHarness.accounts, "Account ID,Name\nA,Cafe\u{301}\n")
        let outcome = try h.run(RunnerHarness.accounts, "Account ID,Name\nA,Caf\u{E9}\n")
        #expect(outcome.changeset?.counts.updated == 1)
    }

    @Test func otherObjectsNeedAKnownAccount() throws {
        try h.apply(RunnerHarness.accounts, "Account ID\nacme\n")
        let spec = "integration: u\nobject: user\nmode: one-time\ncolumns:\n  - { from: U, to: user_id }\n  - { from: A, to: account_id }\n  - { from: T, to: Title }\n"
        let outcome = try h.run(spec, "U,A,T\njane@acme.example,acme,VP\nbob,ghost,CTO\n")
        #expect(outcome.changeset?.rejects.map(\.code) == ["R012"])
        #expect(outcome.changeset?.rejects.first?.column == 2 && outcome.changeset?.rejects.first?.value == "ghost")
        #expect(outcome.changeset?.changes.first?.key == "acme / jane@acme.example")
    }

    @Test func totangoUsersNeedNamesWhenNewAndKnownManagers() throws {
        let spec = "integration: t\nobject: totango_user\nmode: one-time\ncolumns:\n  - { from: E, to: email }\n  - { from: F, to: first_name }\n  - { from: L, to: last_name }\n  - { from: Lic, to: license }\n  - { from: M, to: manager_id }\n"
        let outcome = try h.run(spec, "E,F,L,Lic,M\nboss@v.example,Ann,Boss,zoe,\nnew@v.example,,X,Spark,\nok@v.example,Al,Ok,spark,boss@v.example\nlost@v.example,Li,Lost,Zoe,nobody@v.example\nbad,A,B,Zoe,\n")
        let changeset = try #require(outcome.changeset)
        #expect(changeset.rejects.map(\.code) == ["R013", "R014", "R007"])
        #expect(changeset.changes.first { $0.key == "boss@v.example" }?.attributes["license"]?.new == "Zoe")
    }

    /// A manager rejected (a new user without a first name) is no manager: the users who name
    /// them are rejected in the round after, and so on down the chain.
    @Test func usersWhoseManagerIsRejectedAreRejectedToo() throws {
        let spec = "integration: t\nobject: totango_user\nmode: one-time\ncolumns:\n  - { from: E, to: email }\n  - { from: F, to: first_name }\n  - { from: L, to: last_name }\n  - { from: Lic, to: license }\n  - { from: M, to: manager_id }\n"
        let outcome = try h.run(spec, "E,F,L,Lic,M\nboss@v.example,,Boss,zoe,\nmid@v.example,Mo,Mid,zoe,boss@v.example\nlow@v.example,Lo,Low,zoe,mid@v.example\nfine@v.example,Fi,Ne,zoe,\n")
        let changeset = try #require(outcome.changeset)
        #expect(changeset.rejects.map { "\($0.line) \($0.code)" } == ["2 R013", "3 R014", "4 R014"])
        #expect(changeset.changes.map(\.key) == ["fine@v.example"])
    }

    @Test func activityEventsAppendWithDefaults() throws {
        try h.apply(RunnerHarness.accounts, "Account ID\nacme\n")
        let spec = "integration: e\nobject: usage.activity\nmode: recurring\nschedule: \"*/15 * * * *\"\ncolumns:\n  - { from: U, to: user_id }\n  - { from: A, to: account_id }\n  - { from: M, to: module }\n  - { from: X, to: action }\n  - { from: C, to: count }\n"
        let changeset = try #require(try h.run(spec, "U,A,M,X,C\nu1,acme,Reports,View,3\nu1,acme,Reports,View,\n").changeset)
        #expect(changeset.counts.appended == 2 && changeset.changes.isEmpty)
        #expect(changeset.appends[1].fields["count"] == "1" && changeset.appends[1].fields["date"] == "2026-11-26T00:00:00Z")
    }

    @Test func aggregatedUsageUpsertsPerAccountUserAndDay() throws {
        try h.apply(RunnerHarness.accounts, "Account ID\nacme\n")
        let spec = "integration: d\nobject: usage.aggregated\nmode: one-time\nusage_columns: all\ncolumns:\n  - { from: A, to: account_id }\n  - { from: U, to: user_id }\n  - { from: D, to: date }\n"
        let changeset = try #require(try h.run(spec, "A,U,D,Reports##View\nacme,,2026-03-02,4\nacme,u1,2026-03-02T10:00:00Z,5\n").changeset)
        #expect(changeset.changes.map(\.key) == ["acme / (account) / 2026-03-02", "acme / u1 / 2026-03-02"])
        #expect(changeset.changes[0].attributes["Reports##View"]?.new == "4")
    }

    @Test func aggregatedUsageDaysAreLocalToTheColumnsZone() throws {
        try h.apply(RunnerHarness.accounts, "Account ID\nacme\n")
        let spec = "integration: d\nobject: usage.aggregated\nmode: one-time\ncolumns:\n  - { from: A, to: account_id }\n  - { from: D, to: date, date: { formats: [yyyy-MM-dd], timezone: Asia/Tokyo } }\n"
        let changeset = try #require(try h.run(spec, "A,D\nacme,2026-03-02\n").changeset)
        #expect(changeset.changes.map(\.key) == ["acme / (account) / 2026-03-02"])
    }

    @Test func headerProblemsAreLocatedFileErrors() throws {
        let strict = RunnerHarness.accounts.replacingOccurrences(of: "unmapped: ignore", with: "unmapped: error")
        let outcome = try h.run(strict, "Account ID,Name,Extra\na,b,c\n")
        let unmapped = try #require(outcome.diagnostics.first { $0.code == .unmappedColumn })
        #expect(unmapped.location == SourceLocation(file: "data.csv", line: 1, column: 3))
        let missing = try h.run(RunnerHarness.accounts, "Acount ID,Name\na,b\n")
        #expect(missing.diagnostics.first { $0.code == .missingColumn }?.hint == "the file has 'Acount ID': fix the header, or the spec's 'from: Account ID'")
        #expect(missing.failed)
    }

    @Test func footerIsStrippedWithAWarningOrRejected() throws {
        let csv = "Account ID,Region\na,EMEA\n\n\"Generated By:\"\n\"Copyright (c) 2000-2026 salesforce.com, inc.\"\n"
        let stripped = try h.run(RunnerHarness.accounts, csv, footer: .strip)
        #expect(!stripped.failed && stripped.changeset?.warnings.count == 1)
        #expect(stripped.diagnostics.contains { $0.code == .footerStripped && $0.location?.line == 4 }, "\(stripped.diagnostics)")
        let rejected = try h.run(RunnerHarness.accounts, csv, footer: .reject)
        #expect(rejected.failed && rejected.diagnostics.contains { $0.code == .dataFileInvalid })
    }

    @Test func sameInputsGiveTheSameBytes() throws {
        let csv = "Account ID,Name,Region,ARR,Tier\nb,B,EMEA,1,red\na,A,APAC,2,green\nc,C,,3,\n"
        let first = try ChangesetEncoder.encode(try #require(try h.run(RunnerHarness.accounts, csv).changeset))
        let second = try ChangesetEncoder.encode(try #require(try h.run(RunnerHarness.accounts, csv).changeset))
        #expect(first == second)
        #expect(try ChangesetEncoder.decode(first) == (try ChangesetEncoder.decode(second)))
    }
}

/// The store comparison: creates between, before and after stored keys, and the records digest
/// apply checks against.
@Suite struct StoreComparisonTests {
    let h: RunnerHarness
    init() throws { h = try RunnerHarness() }

    @Test func createsAnywhereAmongStoredKeysAndTheDigestApplyChecks() throws {
        let header = "Account ID,Name,Region\n"
        // Stored: the even keys 10…88; the file adds keys before, between and after them.
        try h.apply(RunnerHarness.accounts, header + stride(from: 10, to: 90, by: 2).map { "k\($0),N\($0),EMEA\n" }.joined())
        let file = header + (0..<100).map { "k\($0 < 10 ? "0" : "")\($0),N\($0),\($0 % 4 == 0 ? "APAC" : "EMEA")\n" }.joined()
        let outcome = try h.run(RunnerHarness.accounts, file)
        let changeset = try #require(outcome.changeset)
        let created = (0..<100).filter { $0 < 10 || $0 >= 90 || $0 % 2 == 1 }
        let updated = stride(from: 12, to: 90, by: 4).map { $0 }
        #expect(changeset.changes.filter { $0.action == .create }.map(\.line) == created.map { $0 + 2 })
        #expect(changeset.changes.filter { $0.action == .update }.map(\.line) == updated.map { $0 + 2 })
        #expect(changeset.counts.unchanged == 40 - updated.count)
        #expect(changeset.changes.map(\.key) == changeset.changes.map(\.key).sorted { ByteOrder.less($0, $1) })
        // Apply recomputes the digest of the touched records from the store; a mismatch is refused.
        _ = try h.store.apply(changeset, run: RunRecord(integration: "accounts", command: "apply", outcome: "applied", startedAt: "2026-11-26T10:30:00Z"))
    }

    @Test func changesFromManyBatchesComeBackInKeyOrder() throws {
        // 10,000 rows: several worker batches of 4,096, finishing in any order.
        let header = "Account ID,Name,Region\n"
        try h.apply(RunnerHarness.accounts, header + stride(from: 0, to: 10_000, by: 3).map { String(format: "k%05d,N,EMEA\n", $0) }.joined())
        let file = header + (0..<10_000).map { String(format: "k%05d,N,%@\n", $0, $0 % 7 == 0 ? "APAC" : "EMEA") }.joined()
        let changeset = try #require(try h.run(RunnerHarness.accounts, file).changeset)
        let expected = (0..<10_000).filter { $0 % 3 != 0 || $0 % 7 == 0 }.map { String(format: "k%05d", $0) }
        #expect(changeset.changes.map(\.key) == expected)
        #expect(changeset.counts.created == (0..<10_000).filter { $0 % 3 != 0 }.count)
        #expect(changeset.counts.unchanged == 10_000 - expected.count)
        _ = try h.store.apply(changeset, run: RunRecord(integration: "accounts", command: "apply", outcome: "applied", startedAt: "2026-11-26T10:30:00Z"))
    }

    @Test func aStoreVisitingOutOfKeyOrderFailsTheRun() throws {
        try h.apply(RunnerHarness.accounts, "Account ID,Name\na1,A\na2,B\na3,C\n")
        let plan = try h.plan(RunnerHarness.accounts)
        let reader = CSVReader(data: Data("Account ID,Name\na1,A\na2,X\na3,C\n".utf8), delimiter: 0x2C, footer: .reject)
        let outcome = Runner(plan: plan, store: ScriptedVisits(base: h.store, reversed: true)).run(reader, sourcePath: "data.csv", asOf: RunnerHarness.asOf)
        #expect(outcome.changeset == nil)
        let failure = try #require(outcome.diagnostics.first { $0.code == .storeFailure })
        #expect(failure.message.contains("out of key order"))
    }

    /// Rows are released by the comparison's workers as they go: a store failing mid-visit,
    /// with batches still in flight, must end in its error, not in a crash.
    @Test func aStoreFailingMidVisitFailsTheRunCleanly() throws {
        let header = "Account ID,Name,Region\n"
        try h.apply(RunnerHarness.accounts, header + (0..<20_000).map { String(format: "k%05d,N,EMEA\n", $0) }.joined())
        let plan = try h.plan(RunnerHarness.accounts)
        let file = header + (0..<20_000).map { String(format: "k%05d,N,APAC\n", $0) }.joined()
        let reader = CSVReader(data: Data(file.utf8), delimiter: 0x2C, footer: .reject)
        let store = ScriptedVisits(base: h.store, failAfter: 15_000)
        let outcome = Runner(plan: plan, store: store).run(reader, sourcePath: "data.csv", asOf: RunnerHarness.asOf)
        #expect(outcome.changeset == nil)
        let failure = try #require(outcome.diagnostics.first { $0.code == .storeFailure })
        #expect(failure.message.contains("disk went away"))
    }
}

/// A store whose visits come last key first, or stop with an error after some.
private struct ScriptedVisits: ForwardingStateStore {
    let base: any StateStore
    var reversed = false
    var failAfter: Int?
    func visitFields(in namespace: String, sortedKeys: [String], _ visit: (Int, UnsafeBufferPointer<UInt8>) -> Void) throws(StoreError) {
        var visits: [(Int, [UInt8])] = []
        try base.visitFields(in: namespace, sortedKeys: sortedKeys) { visits.append(($0, Array($1))) }
        for (count, (index, bytes)) in (reversed ? visits.reversed() : visits).enumerated() {
            if count == failAfter { throw StoreError(.failed, "the disk went away") }
            bytes.withUnsafeBufferPointer { visit(index, $0) }
        }
    }
}
