import Foundation
import IntakeRunner

/// Writes rejected rows as CSV: the original columns plus `_error_line,_error_column,_error_code,_error_message`.
///
/// Cells starting with `=`, `+`, `-` or `@` are prefixed with `'` so a spreadsheet does not run them as formulas.
public enum RejectsFileWriter {
    /// The CSV text.
    public static func render(header: [String], rejects: [RejectedRow], cells: [Int: [String]]) -> String {
        var out = row(header + ["_error_line", "_error_column", "_error_code", "_error_message"])
        for reject in rejects {
            // Exactly the header's columns, so the error columns always line up (a row with
            // extra fields loses them here; its reject says how many it had).
            var original = Array((cells[reject.line] ?? []).prefix(header.count))
            original += Array(repeating: "", count: header.count - original.count)
            out += row(original + [
                String(reject.line), reject.column.map(String.init) ?? "", reject.code, reject.reason,
            ])
        }
        return out
    }

    /// Writes atomically, so a reader never sees half a file.
    public static func write(header: [String], rejects: [RejectedRow], cells: [Int: [String]], to url: URL) throws {
        try Data(render(header: header, rejects: rejects, cells: cells).utf8).write(to: url, options: .atomic)
    }

    private static func row(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }

    /// One cell as a CSV field: a formula neutralised, quoted (quotes doubled) when it must be.
    static func field(_ raw: String) -> String {
        // Scanned as UTF-8 bytes: every byte tested is ASCII, and walking Characters (grapheme
        // breaking) cost ~1 µs a cell, 20 ms for the benchmark's 2,000 rejects.
        let utf8 = raw.utf8
        let formula = utf8.first.map { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "@") } ?? false
        let value = formula ? "'" + raw : raw
        guard utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return value }
        // Doubled byte by byte: a quote followed by a combining mark is one Character, which a
        // `String` replacement of "\"" would not see.
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        quoted.reserveCapacity(value.utf8.count + 8)
        for byte in value.utf8 {
            quoted.append(byte)
            if byte == UInt8(ascii: "\"") { quoted.append(byte) }
        }
        quoted.append(UInt8(ascii: "\""))
        return String(decoding: quoted, as: UTF8.self)
    }
}
