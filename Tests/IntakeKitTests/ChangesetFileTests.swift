import Foundation
import Testing

@testable import IntakeCLI
@testable import IntakeRunner

/// `--out FILE`: the changeset written through write-behind windows, then renamed into place.
@Suite struct ChangesetFileTests {
    static func changeset(changes count: Int) -> Changeset {
        let changes = (0..<count).map { index in
            RecordChange(
                key: "acct-\(index)", keyFields: ["account_id": "acct-\(index)"], action: index % 3 == 0 ? .create : .update,
                line: index + 2, attributes: ["Region": AttributeChange(old: index % 3 == 0 ? nil : "APAC", new: "EMEA \(index)")])
        }
        return Changeset(
            changesetVersion: 1, integration: "accounts", object: "account", namespace: "account", asOf: "2026-11-26T00:00:00Z",
            source: ChangesetSource(path: "data/a.csv", sha256: "sha256:00", rows: count),
            digests: ChangesetDigests(spec: "sha256:1", model: "sha256:2", records: "sha256:3"),
            counts: ChangesetCounts(), changes: ChangeList(changes), appends: [], rejects: [], superseded: [], warnings: [])
    }

    /// A file flushed and dropped from the page cache window by window holds every byte encoded,
    /// and only the target is left in the folder.
    @Test(arguments: [4096, 5000, WriteBehind.window])
    func everyWindowReachesTheFile(window: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("changeset-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let changeset = Self.changeset(changes: 3_000)
        var expected = [UInt8]()
        ChangesetEncoder.stream(changeset) { expected.append(contentsOf: $0) }
        #expect(expected.count > 40 * 4096)

        let target = folder.appendingPathComponent("plan.json")
        let file = try ChangesetFile(target: target, window: window)
        try file.commit(changeset)

        #expect(try [UInt8](Data(contentsOf: target)) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plan.json"])
    }

    /// A window that cannot be flushed is an error, not advice: waiting for it took the file's
    /// write error, which the fsync before the rename would no longer report.
    @Test func aWindowThatCannotBeFlushedFails() {
        var closed = WriteBehind(descriptor: -1, window: 4096)
        #expect(throws: POSIXError.self) { try closed.wrote(4096) }
        var small = WriteBehind(descriptor: -1, window: 4096)
        #expect(throws: Never.self) { try small.wrote(4095) }
    }

    /// A file that takes no write-behind (a pipe) is written as it is, with no error.
    @Test func aPipeTakesNoWriteBehind() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        var flusher = WriteBehind(descriptor: ends[1], window: 4096)
        #expect(throws: Never.self) {
            for _ in 0..<4 { try flusher.wrote(4096) }
        }
    }
}

