/// Ids (letters, digits, `_`, `-`) and practical email addresses, checked on UTF-8 bytes.
enum IdentifierRules {
    /// Nil when `value` is a valid id, else a reason naming the first bad character.
    static func idProblem(_ value: Substring) -> String? {
        guard !isID(value), let bad = value.utf8.firstIndex(where: { !isIDByte($0) }) else { return nil }
        // Every byte before it is ASCII, so the first bad byte starts a scalar.
        let scalar = value.unicodeScalars[bad]
        return "\(Quote.value(value)) contains \(Quote.character(scalar)); ids take letters, digits, _ and - only"
    }

    /// Nil when `value` is a practical email address (local@domain.tld), else what is wrong with it.
    static func emailProblem(_ value: Substring) -> String? {
        if isEmail(value) { return nil }
        let bytes = value.utf8
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return "has no @" }
        let local = bytes[bytes.startIndex..<at]
        let domain = bytes[bytes.index(after: at)...]
        if domain.contains(UInt8(ascii: "@")) { return "has more than one @" }
        if let bad = bytes.first(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            return bad == 0x20 ? "contains a space" : "contains a character that is not ASCII or is invisible"
        }
        if local.isEmpty { return "has nothing before the @" }
        if local.count > 64 { return "has more than 64 characters before the @" }
        if bytes.count > 254 { return "is longer than 254 characters" }
        if let bad = local.first(where: { !isLocalByte($0) }) { return "has '\(Character(Unicode.Scalar(bad)))' before the @" }
        if local.first == UInt8(ascii: ".") { return "starts with a dot" }
        if local.last == UInt8(ascii: ".") { return "has a dot right before the @" }
        if containsDoubleDot(local) { return "has two dots in a row" }
        return domainProblem(domain)
    }

    /// Nil when `value` is an id or an email address, else a reason.
    static func userIDProblem(_ value: Substring) -> (RejectCode, String)? {
        if isID(value) { return nil }
        guard value.utf8.contains(UInt8(ascii: "@")) else {
            return (.invalidID, "\(Quote.value(value)) is neither an id (letters, digits, _ and -) nor an email address")
        }
        return emailProblem(value).map { (.invalidEmail, "\(Quote.value(value)) is not a valid email address: it \($0)") }
    }

    /// The per-cell check: one pass over contiguous bytes, no allocation.
    static func isID(_ value: Substring) -> Bool {
        var value = value
        return value.withUTF8 { bytes in !bytes.isEmpty && bytes.allSatisfy(isIDByte) }
    }

    /// The per-cell check, equivalent to `emailProblem(value) == nil`: one pass over contiguous bytes, no allocation.
    static func isEmail(_ value: Substring) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")), at >= 1, at <= 64,
                  bytes[0] != dot, bytes[at - 1] != dot else { return false }
            var previous: UInt8 = 0
            for byte in bytes[..<at] {
                guard isLocalByte(byte), !(byte == dot && previous == dot) else { return false }
                previous = byte
            }
            // Domain labels: alphanumerics and inner hyphens, 1...63 bytes; the last is a top-level domain, not all digits.
            var labelStart = at + 1, labels = 0
            for index in (at + 1)...bytes.count where index == bytes.count || bytes[index] == dot {
                let label = bytes[labelStart..<index]
                guard (1...63).contains(label.count), label.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
                      label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
                labels += 1
                if index == bytes.count { return labels >= 2 && label.count >= 2 && !label.allSatisfy { $0 &- 48 < 10 } }
                labelStart = index + 1
            }
            return false
        }
    }

    private static let dot = UInt8(ascii: ".")

    private static func domainProblem(_ domain: Substring.UTF8View.SubSequence) -> String? {
        if domain.isEmpty { return "has nothing after the @" }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if labels.count < 2 { return "has no dot in the domain" }
        for label in labels {
            if label.isEmpty { return "has an empty part in the domain" }
            if label.count > 63 { return "has a domain part longer than 63 characters" }
            if label.contains(where: { !isAlphanumeric($0) && $0 != UInt8(ascii: "-") }) { return "has a character not allowed in a domain" }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") { return "has a domain part starting or ending with -" }
        }
        let top = labels[labels.count - 1]
        if top.count < 2 || top.allSatisfy({ $0 &- 48 < 10 }) { return "does not end in a top-level domain such as .com" }
        return nil
    }

    private static func containsDoubleDot(_ bytes: Substring.UTF8View.SubSequence) -> Bool {
        var previousDot = false
        for byte in bytes {
            let dot = byte == UInt8(ascii: ".")
            if dot && previousDot { return true }
            previousDot = dot
        }
        return false
    }

    @inline(__always) static func isIDByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    @inline(__always) private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        byte &- 48 < 10 || (byte | 0x20) &- 97 < 26
    }

    /// RFC 5322 dot-atom characters: what real mail systems accept unquoted before the @.
    private static func isLocalByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || (byte < 128 && localSymbols[Int(byte)])
    }

    /// A 128-entry table: a Set lookup per byte would dominate the check.
    private static let localSymbols: [Bool] = (0..<128).map { "!#$%&'*+/=?^_`{|}~-.".utf8.contains(UInt8($0)) }
}
