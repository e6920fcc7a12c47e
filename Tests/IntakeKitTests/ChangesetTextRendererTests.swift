import Foundation
import IntakeCompiler
import Testing

@testable import IntakeKit
@testable import IntakeRunner

/// The terminal rendering of a plan: creates before updates, each group cut at the limit with a count.
@Suite struct ChangesetTextRendererTests {
    static func change(_ key: String, _ action: RecordChange.Action, line: Int) -> RecordChange {
        RecordChange(
            key: key, keyFields: ["account_id": key], action: action, line: line,
            attributes: ["Region": AttributeChange(old: action == .create ? nil : "APAC", new: "EMEA"),
                         "ARR": AttributeChange(old: nil, new: nil, default: "delete")])
    }

    static let changeset = Changeset(
        changesetVersion: 1, integration: "accounts", object: "account", namespace: "account", asOf: "2026-11-26T00:00:00Z",
        source: ChangesetSource(path: "data/a.csv", sha256: "sha256:00", rows: 6),
        digests: ChangesetDigests(spec: "sha256:1", model: "sha256:2", records: "sha256:3"),
        counts: ChangesetCounts(), changes: [
            change("a", .update, line: 2), change("b", .create, line: 3), change("c", .create, line: 4),
            change("d", .update, line: 5), change("e", .create, line: 6),
        ],
        appends: [], rejects: [], superseded: [], warnings: [])

    @Test func groupsAreCutAtTheLimitWithACount() {
        let text = ChangesetTextRenderer(limit: 2).render(Self.changeset)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = lines.filter { $0.hasPrefix("+ ") || $0.hasPrefix("~ ") || $0.hasPrefix("  … ") }
        #expect(shown == ["+ b  (line 3)", "+ c  (line 4)", "  … and 1 more", "~ a  (line 2)", "~ d  (line 5)"])
        #expect(lines.contains("    Region  \"APAC\" → \"EMEA\""))
        #expect(lines.contains("    ARR     (none)   [empty cell: default delete]"))
    }

    /// A plan's changes set aside on disk render as the held ones do, as text and Markdown, and
    /// the guards find the same first create.
    @Test(arguments: [1, 2, 50])
    func changesSetAsideRenderAsHeld(limit: Int) throws {
        let stored = try StoredChanges(directory: FileManager.default.temporaryDirectory)
        try stored.append(Self.changeset.changes)
        try stored.seal()
        var held = Self.changeset
        held.counts.created = 3
        held.counts.updated = 2
        var aside = held
        aside.changes = ChangeList(stored: stored)
        #expect(aside.changes.isSetAside)
        #expect(ChangesetTextRenderer(limit: limit).render(aside) == ChangesetTextRenderer(limit: limit).render(held))
        #expect(ChangesetMarkdownRenderer(limit: limit).render(aside) == ChangesetMarkdownRenderer(limit: limit).render(held))
        let guards = PlanGuards(maxDeletedValues: 0, allowNewRecords: false, specLine: 1)
        #expect(GuardCheck.violations(guards, in: aside) == GuardCheck.violations(guards, in: held))
        #expect(GuardCheck.violations(guards, in: aside).map(\.name) == ["allow_new_records"])
        #expect(GuardCheck.violations(guards, in: aside).first?.message.contains("first at line 3") == true)
    }

    @Test func anEmptyGroupLeavesNoBlankLine() {
        var changeset = Self.changeset
        changeset.changes = ChangeList(changeset.changes.filter { $0.action == .update })
        let text = ChangesetTextRenderer().render(changeset)
        #expect(!text.contains("+ "))
        #expect(!text.contains("\n\n\n"))
        #expect(text.contains("\n\n~ a  (line 2)\n"))
    }
}
