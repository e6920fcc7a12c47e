import IntakeDiagnostics

/// Expands `${NAME}` references in source settings from the environment intake runs in.
struct EnvironmentValues {
    let variables: [String: String]
    let redactor: Redactor

    /// `template` with each `${NAME}` replaced; a secret's values are remembered for redaction.
    ///
    /// - Parameter encode: applied to each value before it is put in (percent-encoding for URLs).
    func expand(
        _ template: String, field: String, secret: Bool = false, encode: (String) -> String = { $0 }
    ) throws(FetchFailure) -> String {
        var out = ""
        var rest = Substring(template)
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            out += rest[..<start.lowerBound]
            let name = String(rest[start.upperBound..<end])
            guard let value = variables[name], !value.isEmpty else {
                throw FetchFailure(
                    .missingEnvironment, "environment variable \(name), used by '\(field)' of the source, is not set",
                    hint: "set \(name) where intake runs (secrets never go in the spec)")
            }
            if secret { redactor.add(value) }
            let encoded = encode(value)
            if secret && encoded != value { redactor.add(encoded) }
            out += encoded
            rest = rest[rest.index(after: end)...]
        }
        out += rest
        if secret && out != template { redactor.add(out) }
        return out
    }

    /// A plain environment variable, such as AWS_ACCESS_KEY_ID, remembered for redaction.
    func secret(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        redactor.add(value)
        return value
    }
}
