import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeKit
import IntakeLoader
import IntakeTestSupport
import Testing

/// `intake schema`: the published JSON Schemas, checked with a real validator (Python
/// `jsonschema`, installed by .ci/run) against the examples, the templates and known-bad files.
@Suite struct SchemaTests {
    let root = Fixtures.repositoryRoot

    /// Runs scripts/schema_check.py; file name → nil when valid, else the validator's message.
    func validate(_ kind: SchemaKind, _ files: [URL]) throws -> [String: String?] {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = folder.appendingPathComponent(SchemaService.fileName(kind))
        try Data(SchemaService.schema(kind).utf8).write(to: schema)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/schema_check.py").path, schema.path] + files.map(\.path)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "schema_check.py failed (python3 with jsonschema and pyyaml needed): \(errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        var results: [String: String?] = [:]
        for (path, value) in json { results[URL(fileURLWithPath: path).lastPathComponent] = value as? String }
        return results
    }

    @Test(arguments: SchemaKind.allCases)
    func schemaSnapshot(_ kind: SchemaKind) {
        let schema = SchemaService.schema(kind)
        #expect(schema == SchemaService.schema(kind), "not deterministic")
        assertSnapshot(schema, named: SchemaService.fileName(kind))
    }

    @Test func everyExampleSpecPassesTheSpecSchema() throws {
        let folder = root.appendingPathComponent("Integrations")
        let specs = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") && $0 != "model.yaml" }.sorted().map { folder.appendingPathComponent($0) }
        #expect(specs.count >= ObjectKind.allCases.count)
        let results = try validate(.spec, specs)
        #expect(results.count == specs.count)
        for (file, error) in results { #expect(error == nil, "\(file): \(error ?? "")") }
    }

    @Test func theExampleModelPassesTheModelSchema() throws {
        let results = try validate(.model, [root.appendingPathComponent("Integrations/model.yaml")])
        #expect(results.count == 1)
        #expect(results["model.yaml"].map { $0 == nil } == true, "\(results)")
    }

    @Test func everyRenderedTemplatePassesTheSpecSchema() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [URL] = []
        for kind in ObjectKind.allCases {
            let template = try String(contentsOf: root.appendingPathComponent("Templates/\(kind.rawValue).yaml"), encoding: .utf8)
            let url = folder.appendingPathComponent("new-\(kind.rawValue).yaml")
            try Data(ScaffoldService.render(template, integration: "new-\(kind.rawValue)", collection: "Opportunities").utf8).write(to: url)
            files.append(url)
        }
        let results = try validate(.spec, files)
        #expect(results.count == ObjectKind.allCases.count)
        for (file, error) in results { #expect(error == nil, "\(file): \(error ?? "")") }
    }

    @Test func theConfigSchemaAcceptsAFullIntakeYAML() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.write(["intake.yaml": "version: 1\nmodel: m.yaml\nintegrations: specs\ntemplates: t\nstore: sqlite:s.sqlite\n"], under: folder)
        let results = try validate(.config, [folder.appendingPathComponent("intake.yaml")])
        #expect(results.count == 1)
        #expect(results["intake.yaml"].map { $0 == nil } == true, "\(results)")
    }

    /// A small valid spec; each bad case changes one thing.
    static let good = """
        integration: bad
        object: account
        mode: recurring
        schedule: "0 3 * * *"
        source: { file: data/a.csv }
        columns:
          - { from: Account ID, to: account_id }

        """

    /// Known-bad specs, each with the code intake reports for it.
    static let badSpecs: [(name: String, text: String, code: DiagnosticCode)] = [
        ("unknown-key", good + "colums: []\n", .unknownKey),
        ("unknown-nested-key", good + "  - { from: Name, to: account_name, trimm: true }\n", .unknownKey),
        ("wrong-type-list", good.replacingOccurrences(of: "columns:\n  - { from: Account ID, to: account_id }", with: "columns: { from: Account ID }"), .wrongKind),
        ("wrong-type-int", good + "tests:\n  - { name: t, csv: \"a\\n\", rejects: [{ line: two }] }\n", .wrongKind),
        ("yes-is-not-a-boolean", good + "  - { from: Name, to: account_name, trim: yes }\n", .notBoolean),
        ("bad-enum-mode", good.replacingOccurrences(of: "mode: recurring", with: "mode: sometimes"), .invalidValue),
        ("bad-enum-object", good.replacingOccurrences(of: "object: account", with: "object: acount"), .unknownObject),
        ("bad-enum-default", good + "defaults: { Region: sometimes }\n", .invalidValue),
        ("missing-required", good.replacingOccurrences(of: "mode: recurring\n", with: ""), .missingKey),
        ("missing-required-nested", good + "  - { from: Name }\n", .missingKey),
        ("two-sources", good.replacingOccurrences(of: "{ file: data/a.csv }", with: "{ file: a.csv, http: { url: \"https://x.test/a.csv\" } }"), .invalidSource),
        ("percent-over-100", good + "max_rejected_rows: \"150%\"\n", .invalidValue),
        ("port-out-of-range", good.replacingOccurrences(of: "{ file: data/a.csv }", with: "{ sftp: { host: h, user: u, path: p, port: 70000 } }"), .invalidValue),
        ("newer-version", "version: 2\n" + good, .unsupportedVersion),
        ("bad-guard", good + "guards: { max_changed: lots }\n", .invalidValue),
        ("unknown-guard", good + "guards: { max_deleted: 0 }\n", .unknownKey),
        ("empty-text", good.replacingOccurrences(of: "integration: bad", with: "integration: \"\""), .invalidValue),
    ]

    @Test func knownBadSpecsFailTheSchemaAndIntake() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try #require(ModelLoader().load(path: "model.yaml", data: Data(Fixtures.model.utf8), into: DiagnosticEngine()))
        var files: [URL] = []
        for bad in Self.badSpecs {
            let url = folder.appendingPathComponent("\(bad.name).yaml")
            try Data(bad.text.utf8).write(to: url)
            files.append(url)
            let engine = DiagnosticEngine()
            if let spec = SpecLoader().load(path: url.lastPathComponent, data: Data(bad.text.utf8), into: engine) {
                _ = Compiler(model: model).compile(spec, into: engine)
            }
            #expect(engine.diagnostics.contains { $0.code == bad.code && $0.severity == .error }, "\(bad.name): \(engine.diagnostics)")
        }
        let goodURL = folder.appendingPathComponent("good.yaml")
        try Data(Self.good.utf8).write(to: goodURL)
        let results = try validate(.spec, files + [goodURL])
        #expect(results["good.yaml"].map { $0 == nil } == true, "the base of the bad cases must itself be valid: \(results)")
        for bad in Self.badSpecs {
            let error = results["\(bad.name).yaml"] ?? nil
            #expect(error != nil, "\(bad.name) passed the schema")
        }
    }

    @Test func knownBadModelsFailTheSchema() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = [
            "unknown-key": Fixtures.model.replacingOccurrences(of: "user:\n", with: "usr:\n"),
            "bad-type": Fixtures.model.replacingOccurrences(of: "{ type: text }", with: "{ type: txt }"),
            "missing-version": Fixtures.model.replacingOccurrences(of: "model: 1\n", with: ""),
            "bad-default": Fixtures.model.replacingOccurrences(of: "default: keep", with: "default: kept"),
        ]
        try Fixtures.write(Dictionary(uniqueKeysWithValues: bad.map { ("\($0.key).yaml", $0.value) }), under: folder)
        let results = try validate(.model, bad.keys.sorted().map { folder.appendingPathComponent("\($0).yaml") })
        #expect(results.count == bad.count)
        for (file, error) in results { #expect(error != nil, "\(file) passed the schema") }
    }
}
