import Foundation
import IntakeRunner

/// Renders stored records for `intake state export` and `show`.
public enum RecordExport {
    /// CSV with a `key` column, then every field name in sorted order.
    public static func csv(_ records: [StoredRecord]) -> String {
        let names = Array(Set(records.flatMap(\.fields.keys))).sorted()
        var out = (["key"] + names).map(RejectsFileWriter.field).joined(separator: ",") + "\r\n"
        for record in records {
            out += ([record.key] + names.map { record.fields[$0] ?? "" }).map(RejectsFileWriter.field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// A JSON array of `{"key", "fields"}`, keys sorted.
    public static func json(_ records: [StoredRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(records)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
    }
}
