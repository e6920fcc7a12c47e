import Foundation
import Testing

@testable import IntakeRunner

/// The hand-written changeset JSON reads back to the same value, whatever the spacing.
@Suite struct ChangesetJSONTests {
    static let sample = Changeset(
        changesetVersion: 1, integration: "accounts", object: "account", namespace: "account", asOf: "2026-11-26T00:00:00Z",
        source: ChangesetSource(path: "data/a.csv", sha256: "sha256:00", rows: 3),
        digests: ChangesetDigests(spec: "sha256:1", model: "sha256:2", records: "sha256:3"),
        counts: ChangesetCounts(), changes: [
            RecordChange(
                key: "a", keyFields: ["account_id": "a"], action: .update, line: 2,
                attributes: ["Name \"quoted\"": AttributeChange(old: "line\nbreak\t\u{1}", new: nil, default: "delete"),
                             "Region": AttributeChange(old: nil, new: "Zürich 東京 🎉\\", default: nil)]),
        ],
        appends: [AppendedEvent(line: 4, fields: ["count": "1"])],
        rejects: [RejectedRow(line: 3, column: nil, value: nil, code: "R009", reason: "row has 2 fields")],
        superseded: [SupersededRow(key: "a", line: 1, by: 2)], warnings: ["w"], errors: ["e"])

    @Test func roundTripsEveryField() throws {
        let data = try ChangesetEncoder.encode(Self.sample)
        #expect(try ChangesetEncoder.decode(data) == Self.sample)
    }

    /// Past two slices the changes are written on every core a slice at a time: the document
    /// must still read back whole and in order, and stream to the same bytes.
    @Test func largeChangesetsWrittenInParallelSlicesReadBackInOrder() throws {
        var changeset = Self.sample
        changeset.changes = ChangeList((0..<20_011).map { index in
            RecordChange(
                key: String(format: "k%06d", index), keyFields: ["account_id": String(format: "k%06d", index)],
                action: index % 3 == 0 ? .create : .update, line: index + 2,
                attributes: ["Name": AttributeChange(old: index % 2 == 0 ? nil : "old \"\(index)\"", new: "new\n\(index) é", default: nil),
                             "Tier": AttributeChange(old: "x", new: nil, default: index % 5 == 0 ? "delete" : nil)])
        })
        let data = try ChangesetEncoder.encode(changeset)
        #expect(try ChangesetEncoder.decode(data) == changeset)
        var streamed = Data()
        ChangesetEncoder.stream(changeset) { streamed.append($0) }
        #expect(streamed == data)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let first = try #require(lines.firstIndex { $0.contains("\"key\": \"k000000\"") })
        #expect(lines[first + 20_010].contains("\"key\": \"k020010\""), "one change per line, in order")
    }

    @Test func readsOtherSpacingAndEscapesAndRejectsGarbage() throws {
        let compact = #"{"warnings":[],"superseded":[],"rejects":[],"appends":[],"changes":[{"line":2,"key":"a","key_fields":{},"action":"create","attributes":{"R":{"new":"\u00e9\ud83c\udf89","old":null}}}],"counts":{"created":1},"digests":{"spec":"s","model":"m","records":"r"},"source":{"path":"p","sha256":"x","rows":1},"namespace":"account","object":"account","integration":"i","as_of":"t","changeset_version":1,"extra":{"ignored":[1,2]}}"#
        let changeset = try ChangesetEncoder.decode(Data(compact.utf8))
        #expect(changeset.changes.first?.attributes["R"]?.new == "é🎉")
        #expect(changeset.counts.created == 1 && changeset.errors.isEmpty)
        #expect(throws: (any Error).self) { try ChangesetEncoder.decode(Data("{\"changes\": [".utf8)) }
        #expect(throws: (any Error).self) { try ChangesetEncoder.decode(Data("{}".utf8)) }
        #expect(throws: (any Error).self) { try ChangesetEncoder.decode(Data(compact.replacingOccurrences(of: "\"create\"", with: "\"drop\"").utf8)) }
    }
}
