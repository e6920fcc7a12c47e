import Foundation
import GRDB
import GRDBSQLite
import IntakeRunner

/// The `records` table's queries, shared by the read API and apply.
enum RecordQueries {
    /// Keys per `IN (…)` lookup: well under SQLite's 32,766 bound-parameter limit, and large
    /// enough that a million keys take 2,000 statement runs.
    static let chunkSize = 500

    /// The stored records of `namespace` among `keys`.
    static func records(_ db: Database, namespace: String, keys: [String]) throws -> [String: StoredRecord] {
        var found = [String: StoredRecord](minimumCapacity: keys.count)
        try forEachChunk(db, of: keys, sql: "SELECT key, fields FROM records WHERE namespace = ? AND key IN") { row in
            let key: String = row[0]
            found[key] = StoredRecord(key: key, fields: try fields(of: row, namespace: namespace))
        } arguments: { [namespace] + $0 }
        return found
    }

    /// Past this many keys one ordered scan of the namespace, merged with the sorted keys, beats
    /// thousands of `IN (…)` lookups.
    static let scanThreshold = 100_000

    /// Calls `visit` with the index and the fields' bytes of each of `sortedKeys` stored in
    /// `namespace`, in ascending index order.
    static func visitFields(
        _ db: Database, namespace: String, sortedKeys keys: [String], scanThreshold: Int = scanThreshold,
        _ visit: (Int, UnsafeBufferPointer<UInt8>) -> Void
    ) throws {
        guard keys.count >= scanThreshold, !keys.isEmpty else {
            let index = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            // Key order within a chunk (the primary key's memcmp order, that of `sortedKeys`), and
            // chunks follow each other: the visits come in index order, as the caller merges on it.
            try forEachChunk(db, of: keys, sql: "SELECT key, fields FROM records WHERE namespace = ? AND key IN", suffix: " ORDER BY key") { row in
                guard let position = index[row[0] as String] else { return }
                try withBytes(of: row, namespace: namespace) { visit(position, $0) }
            } arguments: { [namespace] + $0 }
            return
        }
        // The primary key orders by memcmp, the same UTF-8 byte order as `sortedKeys`: a merge join.
        // Raw stepping: GRDB's Row would wrap every column of a million rows in a Data.
        // From the first wanted key on: a plan compared part by part starts each part's scan
        // where the part starts, not at the namespace's first record.
        let statement = try db.makeStatement(sql: "SELECT key, fields FROM records WHERE namespace = ? AND key >= ? ORDER BY key")
        statement.setUncheckedArguments([namespace, keys[0]])
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        var position = 0
        while position < keys.count {
            let code = sqlite3_step(sqlite)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "stepping the records scan") }
            let key = UnsafeRawBufferPointer(start: sqlite3_column_blob(sqlite, 0), count: Int(sqlite3_column_bytes(sqlite, 0)))
            // Skip wanted keys that sort before this stored one: they are not stored.
            var order = compare(key, keys[position])
            while order > 0 {
                position += 1
                guard position < keys.count else { return }
                order = compare(key, keys[position])
            }
            guard order == 0 else { continue }
            guard let fields = sqlite3_column_blob(sqlite, 1) else {
                throw StoreError(.failed, "a stored record in namespace '\(namespace)' has no fields")
            }
            visit(position, UnsafeBufferPointer(start: fields.assumingMemoryBound(to: UInt8.self), count: Int(sqlite3_column_bytes(sqlite, 1))))
            position += 1
        }
    }

    /// The row fingerprints in `RowFingerprint.storedRange(tag:)` kept with the namespace's
    /// records; nil past `limit` of them (the scan stops there).
    static func rowFingerprints(_ db: Database, namespace: String, tag: UInt32, limit: Int) throws -> [RowFingerprint]? {
        let (lower, upper) = RowFingerprint.storedRange(tag: tag)
        let statement = try db.makeStatement(sql: "SELECT source_fp FROM records WHERE namespace = ? AND source_fp BETWEEN ? AND ?")
        statement.setUncheckedArguments([namespace, Data(lower), Data(upper)])
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        var found: [RowFingerprint] = []
        while true {
            let code = sqlite3_step(sqlite)
            if code == SQLITE_DONE { return found }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "stepping the fingerprints scan") }
            let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(sqlite, 0), count: Int(sqlite3_column_bytes(sqlite, 0)))
            if let fingerprint = RowFingerprint(stored: bytes) { found.append(fingerprint) }
            if found.count > limit { return nil }
        }
    }

    /// memcmp order of stored key bytes against a wanted key: negative, zero or positive.
    private static func compare(_ stored: UnsafeRawBufferPointer, _ wanted: String) -> Int {
        var wanted = wanted
        return wanted.withUTF8 { bytes in
            let common = min(stored.count, bytes.count)
            let order = common == 0 ? 0 : Int(memcmp(stored.baseAddress!, bytes.baseAddress!, common))
            return order != 0 ? order : stored.count - bytes.count
        }
    }

    private static func withBytes(of row: Row, namespace: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        try row.withUnsafeData(atIndex: 1) { data in
            guard let data else {
                throw StoreError(.failed, "a stored record in namespace '\(namespace)' has no fields")
            }
            data.withUnsafeBytes { body($0.bindMemory(to: UInt8.self)) }
        }
    }

    /// Which of `keys` exist in `namespace`.
    static func existingKeys(_ db: Database, namespace: String, among keys: [String]) throws -> Set<String> {
        var found = Set<String>(minimumCapacity: keys.count)
        try forEachChunk(db, of: keys, sql: "SELECT key FROM records WHERE namespace = ? AND key IN") { row in
            found.insert(row[0])
        } arguments: { [namespace] + $0 }
        return found
    }

    /// Every record of `namespace`, in key order.
    static func all(_ db: Database, namespace: String) throws -> [StoredRecord] {
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT key, fields FROM records WHERE namespace = ? ORDER BY key", arguments: [namespace])
        var records = [StoredRecord]()
        while let row = try cursor.next() {
            records.append(StoredRecord(key: row[0], fields: try fields(of: row, namespace: namespace)))
        }
        return records
    }

    /// `parent_id` of every account that has one.
    static func parentLinks(_ db: Database) throws -> [String: String] {
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT key, json_extract(fields, '$.parent_id') FROM records
                WHERE namespace = 'account' AND json_extract(fields, '$.parent_id') IS NOT NULL
                """)
        var links = [String: String]()
        while let row = try cursor.next() { links[row[0]] = row[1] }
        return links
    }

    /// Runs `sql … (?, ?, …) suffix` once per chunk of `keys`.
    ///
    /// Every chunk is padded to `chunkSize` by repeating its last key (a repeated `IN` value
    /// matches nothing extra), so one cached statement serves every chunk and every call.
    private static func forEachChunk(
        _ db: Database, of keys: [String], sql: String, suffix: String = "", _ body: (Row) throws -> Void,
        arguments: ([String]) -> [String]
    ) throws {
        guard !keys.isEmpty else { return }
        let placeholders = Array(repeating: "?", count: chunkSize).joined(separator: ",")
        let statement = try db.cachedStatement(sql: "\(sql) (\(placeholders))\(suffix)")
        var start = keys.startIndex
        while start < keys.endIndex {
            let end = min(start + chunkSize, keys.endIndex)
            var chunk = Array(keys[start..<end])
            chunk.append(contentsOf: repeatElement(chunk[chunk.count - 1], count: chunkSize - chunk.count))
            statement.setUncheckedArguments(StatementArguments(arguments(chunk)))
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() { try body(row) }
            start = end
        }
    }

    private static func fields(of row: Row, namespace: String) throws -> [String: String] {
        let text: String = row[1]
        guard let fields = FieldsJSON.decode(text) else {
            throw StoreError(
                .failed, "a stored record in namespace '\(namespace)' has unreadable fields",
                detail: "key \(row[0] as String): \(text)")
        }
        return fields
    }
}
