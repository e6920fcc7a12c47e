import Foundation
import GRDB
import IntakeRunner

/// The `runs` table's queries: one row per plan, apply, skip or failure.
enum RunRows {
    /// Inserts `run` and returns it with the id the table assigned.
    static func insert(_ run: RunRecord, in db: Database) throws -> RunRecord {
        let counts = try run.counts.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try db.execute(
            sql: """
                INSERT INTO runs (integration, command, outcome, started_at, file_sha256, source, spec_digest,
                    model_digest, counts, reason, source_object, fingerprint_tag)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                run.integration, run.command, run.outcome, run.startedAt, run.fileSHA256, run.source,
                run.specDigest, run.modelDigest, counts, run.reason, run.sourceObject, run.fingerprintTag.map { Int64($0) },
            ])
        var saved = run
        saved.id = db.lastInsertedRowID
        return saved
    }

    /// Runs, newest first, of one integration or of all.
    static func fetch(_ db: Database, integration: String?, limit: Int) throws -> [RunRecord] {
        let limit = max(limit, 0)
        if let integration {
            return try fetch(db, where: "WHERE integration = ?", arguments: [integration, limit])
        }
        return try fetch(db, where: "", arguments: [limit])
    }

    /// The newest run of `integration` with outcome `applied`.
    static func lastApplied(_ db: Database, integration: String) throws -> RunRecord? {
        try fetch(db, where: "WHERE integration = ? AND outcome = 'applied'", arguments: [integration, 1]).first
    }

    private static func fetch(_ db: Database, where filter: String, arguments: StatementArguments) throws -> [RunRecord] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, integration, command, outcome, started_at, file_sha256, source, spec_digest, model_digest,
                    counts, reason, source_object, fingerprint_tag
                FROM runs \(filter) ORDER BY id DESC LIMIT ?
                """,
            arguments: arguments)
        return try rows.map(decode)
    }

    private static func decode(_ row: Row) throws -> RunRecord {
        var counts: ChangesetCounts?
        if let text: String = row["counts"] {
            do {
                counts = try JSONDecoder().decode(ChangesetCounts.self, from: Data(text.utf8))
            } catch {
                throw StoreError(.failed, "run \(row["id"] as Int64) has unreadable counts", detail: "\(error)")
            }
        }
        var run = RunRecord(
            id: row["id"], integration: row["integration"], command: row["command"], outcome: row["outcome"],
            startedAt: row["started_at"], fileSHA256: row["file_sha256"], source: row["source"],
            specDigest: row["spec_digest"], modelDigest: row["model_digest"], counts: counts, reason: row["reason"],
            sourceObject: row["source_object"])
        run.fingerprintTag = (row["fingerprint_tag"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }
        return run
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
