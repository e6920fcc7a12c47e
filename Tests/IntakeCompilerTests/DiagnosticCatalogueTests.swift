import IntakeDiagnostics
import IntakeSpec
import IntakeTestSupport
import Testing

@testable import IntakeCompiler
@testable import IntakeLoader

/// One bad spec per diagnostic code, with the expected position marked inline.
@Suite struct DiagnosticCatalogueTests {
    struct Case: CustomStringConvertible, Sendable {
        let code: DiagnosticCode
        let spec: String
        var expected: [(String, DiagnosticCode)] = []
        var description: String { code.rawValue }
    }

    static let head = "version: 1\nintegration: t\nobject: account\nmode: one-time\n"
    static let idColumn = "columns:\n  - { from: Account ID, to: account_id }\n"

    static let specCases: [Case] = [
        Case(code: .unknownKey, spec: head + idColumn + "1️⃣colums: []\n"),
        Case(code: .unknownKey, spec: head + "columns:\n  - { from: Account ID, to: account_id, 1️⃣trimm: true }\n"),
        Case(code: .unknownKey, spec: head + idColumn + "csv: { 1️⃣delimeter: \";\" }\n"),
        Case(code: .unknownKey, spec: head + "columns:\n  - { from: X, to: ARR, number: { 1️⃣thousand: \",\" } }\n  - { from: Account ID, to: account_id }\n"),
        Case(code: .wrongKind, spec: head + "columns: 1️⃣{ from: a }\n", expected: [("1️⃣", .wrongKind), ("2️⃣", .requiredFieldUnmapped)]),
        Case(code: .wrongKind, spec: head + idColumn + "description: 1️⃣[a, b]\n"),
        Case(code: .notBoolean, spec: head + "columns:\n  - { from: Account ID, to: account_id, trim: 1️⃣yes }\n"),
        Case(code: .invalidSource, spec: head + idColumn + "source: { s3: { bucket: b, key: k, endpoint: 1️⃣\"http://minio.local:9000\" } }\n"),
        Case(code: .unknownKey, spec: head + idColumn + "guards: { 1️⃣max_change: 5 }\n"),
        Case(code: .invalidValue, spec: head + idColumn + "guards: { max_changed: 1️⃣\"5 percent\" }\n"),
        Case(code: .notBoolean, spec: head + idColumn + "guards: { allow_new_records: 1️⃣no }\n"),
        Case(
            code: .invalidValue,
            spec: "integration: t\nobject: usage.activity\nmode: recurring\nschedule: \"0 1 * * *\"\ncolumns:\n"
                + "  - { from: U, to: user_id }\n  - { from: A, to: account_id }\n  - { from: M, to: module }\n  - { from: X, to: action }\n"
                + "guards: { max_changed: 1️⃣\"50%\", allow_new_records: 2️⃣false }\n",
            expected: [("1️⃣", .invalidValue), ("2️⃣", .invalidValue)]),
        Case(code: .notBoolean, spec: head + "columns:\n  - { from: Account ID, to: account_id, trim: 1️⃣\"true\" }\n"),
        Case(code: .missingKey, spec: "1️⃣version: 1\nintegration: t\nmode: one-time\n" + idColumn),
        Case(code: .missingKey, spec: head + "columns:\n  - 1️⃣{ to: account_id }\n", expected: [("1️⃣", .missingKey), ("2️⃣", .requiredFieldUnmapped)]),
        Case(code: .invalidValue, spec: "version: 1\nintegration: t\nobject: account\nmode: 1️⃣weekly\n" + idColumn),
        Case(code: .invalidValue, spec: head + idColumn + "max_rejected_rows: 1️⃣lots\n"),
        Case(code: .invalidValue, spec: head + idColumn + "csv: { delimiter: 1️⃣\";;\" }\n"),
        Case(code: .invalidValue, spec: head + "columns:\n  - { from: Account ID, to: account_id }\n  - { from: X, to: ARR, number: { decimal: 1️⃣\"#\" } }\n"),
        Case(code: .unknownAttribute, spec: head + idColumn + "  - { from: Renewal, to: 1️⃣Renewl Date }\n"),
        Case(code: .unknownAttribute, spec: head + idColumn + "defaults: { 1️⃣Regoin: keep }\n"),
        Case(code: .unsupportedVersion, spec: "version: 1️⃣2\nintegration: t\nobject: account\nmode: one-time\n" + idColumn),
        Case(code: .unknownObject, spec: "integration: t\nobject: 1️⃣acount\nmode: one-time\n" + idColumn),
        Case(code: .requiredFieldUnmapped, spec: head + "1️⃣columns:\n  - { from: Name, to: account_name }\n"),
        Case(code: .requiredFieldUnmapped, spec: "integration: t\nobject: task\nmode: one-time\n1️⃣columns:\n  - { from: T, to: task_id }\n  - { from: A, to: account_id }\n"),
        Case(code: .duplicateTarget, spec: head + idColumn + "  - { from: Name, to: account_name }\n  - { from: Full Name, to: 1️⃣account_name }\n"),
        Case(code: .coercionMismatch, spec: head + idColumn + "  - { from: Name, to: account_name, 1️⃣number: { thousands: \",\" } }\n"),
        Case(code: .coercionMismatch, spec: head + idColumn + "  - { from: R, to: ARR, 1️⃣date: { formats: [yyyy-MM-dd] } }\n"),
        Case(code: .coercionMismatch, spec: head + idColumn + "  - { from: R, to: Renewal Date, 1️⃣map: { a: b } }\n"),
        Case(code: .invalidDefault, spec: head + idColumn + "defaults: { Region: 1️⃣today }\n"),
        Case(code: .invalidDefault, spec: head + idColumn + "defaults: { ARR: 1️⃣{ value: \"1,000\" } }\n"),
        Case(code: .invalidDefault, spec: head + idColumn + "defaults: { Health Segment: 1️⃣{ value: Great } }\n"),
        Case(code: .invalidDefault, spec: head + idColumn + "defaults: { 1️⃣account_name: keep }\n"),
        Case(code: .defaultNotConfigurable, spec: "integration: t\nobject: user\nmode: one-time\ncolumns:\n  - { from: U, to: user_id }\n  - { from: A, to: account_id }\ndefaults: { Title: 1️⃣keep }\n"),
        Case(code: .mapTargetNotInValues, spec: head + idColumn + "  - { from: Tier, to: Health Segment, map: { green: Healthy, red: 1️⃣Critcal } }\n"),
        Case(code: .invalidCron, spec: "integration: t\nobject: account\nmode: recurring\nschedule: \"0 1️⃣25 * * *\"\n" + idColumn),
        Case(code: .invalidCron, spec: "integration: t\nobject: account\nmode: recurring\nschedule: 1️⃣every day\n" + idColumn),
        Case(code: .plaintextSecret, spec: head + idColumn + "source:\n  http: { url: \"https://x.example/a.csv\", headers: { Authorization: 1️⃣Bearer abc123 } }\n"),
        Case(code: .plaintextSecret, spec: head + idColumn + "source:\n  sftp: { host: h, user: u, path: /a.csv, password: 1️⃣hunter2 }\n"),
        Case(code: .plaintextSecret, spec: head + idColumn + "source:\n  http: { url: 1️⃣\"https://u:pw@x.example/a.csv\" }\n"),
        Case(code: .plaintextSecret, spec: head + idColumn + "source:\n  s3: { bucket: b, key: k, secret_access_key: 1️⃣abcdefabcdef }\n"),
        Case(code: .pathEscapesRepository, spec: head + idColumn + "source:\n  file: 1️⃣../../etc/accounts.csv\n"),
        Case(code: .pathEscapesRepository, spec: head + idColumn + "source:\n  file: 1️⃣/tmp/accounts.csv\n"),
        Case(code: .invalidDateFormat, spec: head + idColumn + "  - { from: R, to: Renewal Date, date: { formats: [\"MM/1️⃣DD/yyyy\"] } }\n"),
        Case(code: .invalidTimeZone, spec: head + idColumn + "  - { from: R, to: Renewal Date, date: { timezone: 1️⃣America/New_Yrok } }\n"),
        Case(code: .invalidPattern, spec: head + "columns:\n  - { from: Account ID, to: account_id, pattern: 1️⃣\"[a-z\" }\n"),
        Case(code: .unknownCollection, spec: "integration: t\nobject: collection\ncollection: 1️⃣Oportunities\nmode: one-time\ncolumns:\n  - { from: C, to: collection_id }\n  - { from: A, to: account_id }\n"),
        Case(code: .scheduleMismatch, spec: "integration: t\nobject: account\nmode: 1️⃣recurring\n" + idColumn),
        Case(code: .invalidSource, spec: head + idColumn + "source:\n  http: { url: 1️⃣\"http://x.example/a.csv\" }\n"),
        Case(code: .invalidSource, spec: head + idColumn + "source: 1️⃣{ file: a.csv, s3: { bucket: b, key: k } }\n"),
        Case(code: .invalidValue, spec: head + idColumn + "source:\n  sftp: { host: h, user: u, path: /a.csv, port: 1️⃣\"${P}x\" }\n"),
        Case(code: .plaintextSecret, spec: head + idColumn + "source:\n  http: { url: 1️⃣\"https://x.example:${PORT}/a.csv?token=abc\" }\n"),
        Case(code: .invalidTest, spec: head + idColumn + "tests:\n  - name: n\n    csv: \"Account ID\\nx\\n\"\n    expect: [{ account_id: x, 1️⃣Regoin: y }]\n"),
        Case(code: .scheduleIgnored, spec: head + "schedule: 1️⃣\"0 3 * * *\"\n" + idColumn),
        Case(code: .redundantOption, spec: head + idColumn + "  - { from: Tier, to: Health Segment, case: 1️⃣lower }\n"),
    ]

    /// Codes checked outside the compiler, and the suite that checks them.
    static let coveredElsewhere: [DiagnosticCode: String] = [
        .yamlSyntax: "HostileInputTests", .fileTooLarge: "HostileInputTests", .invalidEncoding: "HostileInputTests",
        .yamlLimit: "HostileInputTests", .duplicateKey: "HostileInputTests", .documentCount: "HostileInputTests",
        .invalidAttribute: "ModelCheckTests", .duplicateValue: "ModelCheckTests", .tooManyColumns: "CompilerTests",
        .removedAttributeMapped: "CompilerTests", .duplicateIntegration: "WorkspaceTests", .unknownIntegration: "WorkspaceTests",
        .projectNotFound: "WorkspaceTests", .fileExists: "WorkspaceTests", .nameMismatch: "WorkspaceTests",
        .dataFileInvalid: "RunnerTests", .missingColumn: "RunnerTests", .unmappedColumn: "RunnerTests",
        .duplicateKeys: "RunnerTests", .tooManyRejects: "RunnerTests", .footerStripped: "RunnerTests", .columnAbsent: "RunnerTests",
        .staleChangeset: "ApplyTests", .identicalFile: "ApplyTests", .dataFileNotFound: "ApplyTests", .storeFailure: "CrashSafetyTests",
        .spillFailed: "SetAsideTests",
        .unknownRevision: "DiffTests", .guardExceeded: "GuardTests", .unknownGuard: "GuardTests", .guardOverridden: "GuardTests",
        .fetchFailed: "HTTPSourceTests", .fetchRefused: "HTTPSourceTests", .sourceTooLarge: "HTTPSourceTests",
        .untrustedServer: "HTTPSourceTests", .fetchUnauthorized: "S3SourceTests", .missingEnvironment: "S3SourceTests",
        .remoteNotFound: "SFTPSourceTests",
    ]

    @Test(arguments: specCases)
    func eachCodeIsReportedWhereMarked(_ c: Case) {
        let expected = c.expected.isEmpty ? [("1️⃣", c.code)] : c.expected
        var spec = c.spec
        if expected.contains(where: { $0.0 == "2️⃣" }), !spec.contains("2️⃣") {
            spec = spec.replacingOccurrences(of: "columns:", with: "2️⃣columns:")
        }
        SpecHarness.assertDiagnostics(spec, expected)
    }

    @Test func everyCodeHasATest() {
        let covered = Set(Self.specCases.map(\.code)).union(Self.coveredElsewhere.keys)
        let missing = DiagnosticCode.allCases.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "codes without a test: \(missing.map(\.rawValue))")
    }

    @Test func fiveMistakesGiveFiveDiagnostics() {
        SpecHarness.assertDiagnostics(
            """
            integration: t
            object: account
            mode: recurring
            schedule: "0 1️⃣99 * * *"
            columns:
              - { from: Account ID, to: account_id, trim: 2️⃣yes }
              - { from: Renewal, to: 3️⃣Renewl Date }
              - { from: Tier, to: Health Segment, map: { red: 4️⃣Critcal } }
            5️⃣unmaped: ignore
            """,
            [("1️⃣", .invalidCron), ("2️⃣", .notBoolean), ("3️⃣", .unknownAttribute), ("4️⃣", .mapTargetNotInValues), ("5️⃣", .unknownKey)])
    }

    @Test func hintsSuggestTheNearestName() {
        let (diagnostics, _) = SpecHarness.compile(Self.head + Self.idColumn + "  - { from: R, to: Renewl Date }\n", model: SpecHarness.model())
        #expect(diagnostics.first?.hint == "did you mean 'Renewal Date'?")
        #expect(diagnostics.first?.message == "unknown attribute 'Renewl Date' for object 'account'")
    }
}
