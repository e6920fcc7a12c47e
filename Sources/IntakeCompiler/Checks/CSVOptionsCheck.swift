import IntakeDiagnostics
/// `csv:` options are ones the runner supports.
struct CSVOptionsCheck: SpecCheck {
    func check(_ context: CheckContext) {
        let csv = context.spec.csv
        if let delimiter = csv.delimiter {
            let scalars = delimiter.value.unicodeScalars
            if scalars.count != 1 || !delimiter.value.allSatisfy(\.isASCII) || ["\"", "\n", "\r"].contains(delimiter.value) {
                context.emit(
                    .invalidValue, "'delimiter' must be one ASCII character other than a quote or line break, found \"\(delimiter.value)\"",
                    at: delimiter.location, hint: "common delimiters: \",\" \";\" \"|\" and \"\\t\" (write it in double quotes)")
            }
        }
        if let encoding = csv.encoding, !["utf-8", "utf8"].contains(encoding.value.lowercased()) {
            context.emit(
                .invalidValue, "encoding '\(encoding.value)' is not supported; intake reads UTF-8", at: encoding.location,
                hint: "convert the file to UTF-8 (e.g. iconv -f \(encoding.value) -t utf-8)")
        }
    }
}
