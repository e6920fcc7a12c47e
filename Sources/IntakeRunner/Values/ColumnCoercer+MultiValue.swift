extension ColumnCoercer {
    /// A `;`-separated cell: parts trimmed, empty parts dropped, each part checked (user ids) and pattern-matched,
    /// then re-joined with the separator. A pattern applies to each part, so it never has to spell the separator.
    func multiValue(_ value: String) -> CellResult {
        let separatorBytes = Array(separator.utf8)
        var text = value
        // Most cells are already canonical; knowing that up front skips the trim-and-join rebuild.
        let canonical = text.withUTF8 { Self.isCanonical($0, separator: separatorBytes) }
        if canonical, !checksUsers, !hasPattern { return .value(value) }
        var parts: [Substring] = []
        for part in split(value, on: separatorBytes) {
            let trimmed = Whitespace.trimmed(part)
            guard !trimmed.isEmpty else { continue }
            if checksUsers, let (code, reason) = IdentifierRules.userIDProblem(trimmed) {
                return .invalid(code, "in \(Quote.value(value)): \(reason)")
            }
            if hasPattern, case .invalid(let code, let reason) = matchingPattern(String(trimmed)) {
                return .invalid(code, "in \(Quote.value(value)): \(reason)")
            }
            parts.append(trimmed)
        }
        if parts.isEmpty { return .empty }
        return .value(canonical ? value : parts.joined(separator: separator))
    }

    /// Whether every part is non-empty and starts and ends with printable ASCII, so trimming and joining change nothing.
    private static func isCanonical(_ bytes: UnsafeBufferPointer<UInt8>, separator: [UInt8]) -> Bool {
        var partStart = 0
        var index = 0
        while true {
            let atEnd = index == bytes.count
            guard atEnd || matches(bytes, separator, at: index) else {
                index += 1
                continue
            }
            guard index > partStart, (0x21...0x7E).contains(bytes[partStart]), (0x21...0x7E).contains(bytes[index - 1]) else { return false }
            if atEnd { return true }
            index += separator.count
            partStart = index
        }
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ separator: [UInt8], at index: Int) -> Bool {
        guard bytes[index] == separator[0], index + separator.count <= bytes.count else { return false }
        for offset in 1..<separator.count where bytes[index + offset] != separator[offset] { return false }
        return true
    }

    /// Splits on the separator's bytes; slicing by scalars keeps a part exact even next to combining marks.
    private func split(_ value: String, on separatorBytes: [UInt8]) -> [Substring] {
        let utf8 = value.utf8
        var parts: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == separatorBytes[0], utf8[index...].starts(with: separatorBytes) {
                parts.append(Substring(value.unicodeScalars[start..<index]))
                index = utf8.index(index, offsetBy: separatorBytes.count)
                start = index
            } else {
                utf8.formIndex(after: &index)
            }
        }
        parts.append(Substring(value.unicodeScalars[start..<utf8.endIndex]))
        return parts
    }
}
