/// The catalogue of stable diagnostic codes. Each code is documented once, here, and listed in
/// the README (a test keeps the two in step).
public enum DiagnosticCode: String, CaseIterable, Sendable, Codable {
    /// The file is not well-formed YAML.
    case yamlSyntax = "E001"
    /// The file is larger than the 1 MiB a spec or model may be.
    case fileTooLarge = "E002"
    /// The file is not valid UTF-8.
    case invalidEncoding = "E003"
    /// Nesting or alias expansion goes past the loader's limits.
    case yamlLimit = "E004"
    /// A mapping names the same key twice.
    case duplicateKey = "E005"
    /// The file is empty or holds more than one YAML document.
    case documentCount = "E006"
    /// A key that this level of the format does not know.
    case unknownKey = "E007"
    /// A value of the wrong kind: a list where a mapping belongs, and so on.
    case wrongKind = "E008"
    /// `yes`, `no`, `on`, `off` or another non-boolean where `true`/`false` is expected.
    case notBoolean = "E009"
    /// A required key is missing.
    case missingKey = "E010"
    /// A value outside the allowed set or form.
    case invalidValue = "E011"
    /// A mapping or default names an attribute the model does not declare for the object.
    case unknownAttribute = "E012"
    /// The spec or model declares a format version this intake does not know.
    case unsupportedVersion = "E013"
    /// `object:` names no known object kind.
    case unknownObject = "E014"
    /// A system field the object kind requires is not mapped.
    case requiredFieldUnmapped = "E015"
    /// Two columns map to the same target.
    case duplicateTarget = "E016"
    /// Two spec files declare the same integration name.
    case duplicateIntegration = "E017"
    /// Coercion options that do not fit the target's type.
    case coercionMismatch = "E018"
    /// A default that breaks the model's rules.
    case invalidDefault = "E019"
    /// A default set on an attribute whose default cannot be configured.
    case defaultNotConfigurable = "E020"
    /// A `map` target that is not one of the list attribute's `values`.
    case mapTargetNotInValues = "E021"
    /// More than 1,000 columns mapped.
    case tooManyColumns = "E022"
    /// A `schedule` that is not a valid cron expression.
    case invalidCron = "E023"
    /// A password, key or token written in plain text instead of `${ENV}`.
    case plaintextSecret = "E024"
    /// A path that leaves the repository.
    case pathEscapesRepository = "E025"
    /// An attribute removed from the model while a recurring integration still maps it.
    case removedAttributeMapped = "E026"
    /// A date format pattern that intake cannot parse with.
    case invalidDateFormat = "E027"
    /// A time zone identifier that is not in the time-zone database.
    case invalidTimeZone = "E028"
    /// A `pattern` that is not a valid regular expression.
    case invalidPattern = "E029"
    /// A model attribute whose type and `values` disagree.
    case invalidAttribute = "E030"
    /// A list names the same value twice (case-insensitively).
    case duplicateValue = "E031"
    /// A collection spec names a collection the model lacks.
    case unknownCollection = "E032"
    /// `schedule` missing on a recurring integration.
    case scheduleMismatch = "E033"
    /// An invalid `source:`.
    case invalidSource = "E034"
    /// A spec test that cannot run: bad CSV or expected fields the object lacks.
    case invalidTest = "E035"
    /// No integration of that name in the project.
    case unknownIntegration = "E036"
    /// The project folder or its model cannot be found or read.
    case projectNotFound = "E037"
    /// A file that `intake init` would overwrite.
    case fileExists = "E038"
    /// The data file cannot be read as CSV: empty, unterminated quote, bad header, a footer.
    case dataFileInvalid = "E040"
    /// A column that a required field maps is missing from the file's header.
    case missingColumn = "E041"
    /// A header that no mapping names, with `unmapped: error`.
    case unmappedColumn = "E042"
    /// A one-time file names the same key on several rows.
    case duplicateKeys = "E043"
    /// More rows were rejected than `max_rejected_rows` allows.
    case tooManyRejects = "E044"
    /// A saved changeset no longer matches the spec, model, file or stored records.
    case staleChangeset = "E045"
    /// The state store cannot be used: busy with another apply, unreadable, failing.
    case storeFailure = "E046"
    /// The data file does not exist, or a source glob matches nothing.
    case dataFileNotFound = "E047"
    /// Rows or changes past the memory budget could not be set aside in the temporary directory (full, missing or not writable), or did not read back from it (a failing disk).
    case spillFailed = "E048"
    /// `intake diff --base` names no commit of the repository (or the project is not in git).
    case unknownRevision = "E050"
    /// A run exceeds one of the spec's `guards:`; nothing is applied.
    case guardExceeded = "E051"
    /// `--override-guard` names a guard the integration does not declare.
    case unknownGuard = "E052"
    /// A download failed: no connection, a timeout, a reset or cut-off transfer, even after retries.
    case fetchFailed = "E060"
    /// The server answered a download with an error status, a bad redirect or a denied path.
    case fetchRefused = "E061"
    /// A download is larger than the source's `max_bytes` (2 GiB unless set).
    case sourceTooLarge = "E062"
    /// A TLS certificate or SSH host key that is not trusted: unknown, changed or unverifiable.
    case untrustedServer = "E063"
    /// The server refused the credentials: HTTP 401/403, an S3 access error, an SFTP login.
    case fetchUnauthorized = "E064"
    /// An environment variable a source needs (a `${NAME}` or the AWS credentials) is not set.
    case missingEnvironment = "E065"
    /// The remote file does not exist, or a remote glob or prefix matches nothing.
    case remoteNotFound = "E066"
    /// An integration whose name differs from its file name.
    case nameMismatch = "W001"
    /// A `schedule` on a one-time integration, which never runs on a schedule.
    case scheduleIgnored = "W002"
    /// A coercion option that has no effect, such as `case` on a list (lists match case-insensitively).
    case redundantOption = "W003"
    /// A trailing report footer was stripped from the data file.
    case footerStripped = "W004"
    /// A mapped column is absent from the file, so its target is left untouched.
    case columnAbsent = "W005"
    /// The file is identical to the last applied run's, so the run was skipped.
    case identicalFile = "W006"
    /// A guard was exceeded and overridden with `--override-guard`; the run history records it.
    case guardOverridden = "W007"

    /// The severity a diagnostic of this code has.
    public var severity: Severity { rawValue.hasPrefix("W") ? .warning : .error }

    /// A short name, used in the README and JSON output.
    public var slug: String {
        String(describing: self).reduce(into: "") { out, c in
            if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) }
        }
    }
}
