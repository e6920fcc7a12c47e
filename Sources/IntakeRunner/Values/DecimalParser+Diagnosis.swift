extension DecimalParser {
    /// Why `value` was rejected, with the spec change that would accept it when there is one. Runs only on failures.
    func diagnose(_ value: String) -> String {
        let quoted = Quote.value(value)
        let core = value.lowercased().drop { $0 == "-" || $0 == "+" }
        if ["nan", "inf", "infinity"].contains(String(core)) { return "\(quoted) is not a finite number" }
        if value.contains(where: { $0 == "e" || $0 == "E" }), value.allSatisfy({ "0123456789.,+-eE".contains($0) }) {
            return "\(quoted) has an exponent; write it as a plain decimal"
        }
        let decimalText = String(UnicodeScalar(decimal))
        if thousands.isEmpty {
            let grouping = Self.separatorCandidates.first { $0 != decimalText && accepts(value, thousands: $0, decimal: decimalText) }
            let decimalComma = decimalText == "." && accepts(value, thousands: nil, decimal: ",")
            if let grouping {
                let shown = grouping == "\u{00A0}" ? "\\u00A0" : grouping
                return "\(quoted) has the thousands separator '\(grouping)', which the reference forbids unless declared; "
                    + "add number: { thousands: \"\(shown)\" }" + (decimalComma ? " (or decimal: \",\" if ',' is the decimal mark)" : "")
            }
            if decimalComma { return "\(quoted) uses ',' as the decimal mark; add number: { decimal: \",\" }" }
        } else if let declared = thousands.first.map({ String(decoding: $0, as: UTF8.self) }),
                  accepts(value.replacingAll(declared), thousands: nil, decimal: decimalText) {
            return "\(quoted) has the thousands separator '\(declared)' in the wrong place; groups after it have exactly three digits"
        }
        if currency == nil, let amounts = try? DecimalParser(thousands: nil, decimal: decimalText, stripCurrency: true),
           case .value = amounts.parseQuietly(value) {
            return "\(quoted) has a currency symbol or code; only currency attributes strip them"
        }
        return currency == nil
            ? "\(quoted) is not a number"
            : "\(quoted) is not an amount (a plain decimal with at most one currency symbol or code)"
    }

    private func accepts(_ value: String, thousands: String?, decimal: String) -> Bool {
        guard let parser = try? DecimalParser(thousands: thousands, decimal: decimal, stripCurrency: currency != nil),
              case .value = parser.parseQuietly(value) else { return false }
        return true
    }

    /// `parse` without the diagnosis, so diagnosing cannot recurse.
    fileprivate func parseQuietly(_ value: String) -> CellResult {
        var text = value
        return text.withUTF8 { canonical($0) }.map(CellResult.value) ?? .empty
    }
}

private extension String {
    func replacingAll(_ separator: String) -> String {
        split(separator: separator, omittingEmptySubsequences: false).joined()
    }
}
