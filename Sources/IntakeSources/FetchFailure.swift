import IntakeDiagnostics

/// Why a fetch failed: a diagnostic code, a message (already redacted) and what to do.
struct FetchFailure: Error {
    /// The catalogue code.
    var code: DiagnosticCode
    /// What went wrong, naming the source.
    var message: String
    /// What to do about it.
    var hint: String?
    /// Whether trying again may help (timeouts, resets, 5xx).
    var transient = false

    init(_ code: DiagnosticCode, _ message: String, hint: String? = nil, transient: Bool = false) {
        self.code = code
        self.message = message
        self.hint = hint
        self.transient = transient
    }

    /// The failure as a diagnostic; fetches have no spec position, the message names the source.
    func diagnostic(_ redactor: Redactor) -> Diagnostic {
        Diagnostic(code, redactor.scrub(message), at: nil, hint: hint.map(redactor.scrub))
    }
}
