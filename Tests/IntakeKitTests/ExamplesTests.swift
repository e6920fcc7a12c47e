import Foundation
#if canImport(Glibc)
import Glibc
#endif
import IntakeCompiler
import IntakeDiagnostics
import IntakeKit
import IntakeLoader
import IntakeSpec
import IntakeTestSupport
import Testing

/// Every spec in Integrations/ and every template in Templates/ compiles cleanly.
@Suite struct ExamplesTests {
    let project = Project(root: Fixtures.repositoryRoot)

    @Test func repositoryValidatesWithoutAnyDiagnostic() {
        let report = ValidateService(project: project).run()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(report.integrations.count == project.specFiles().count)
        #expect(report.integrations.allSatisfy { $0.compiled })
    }

    @Test func thereIsOneExampleSpecPerObjectKind() {
        let engine = DiagnosticEngine()
        let workspace = Workspace.load(project, into: engine)
        let kinds = workspace.entries.compactMap { $0.plan?.object }
        #expect(Set(kinds) == Set(ObjectKind.allCases))
        for entry in workspace.entries {
            #expect(entry.spec?.tests.isEmpty == false, "\(entry.path) carries no tests")
            if case .file(let file)? = entry.spec?.source {
                let folder = project.url(file.path.value).deletingLastPathComponent()
                let pattern = project.url(file.path.value).lastPathComponent
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                #expect(names.contains { fnmatch(pattern, $0, 0) == 0 }, "\(entry.path): no sample file matches \(file.path.value)")
            }
        }
    }

    @Test(arguments: ObjectKind.allCases)
    func templateRendersToACleanSpec(_ kind: ObjectKind) throws {
        let service = ScaffoldService(project: project)
        let template = try String(contentsOf: service.templateURL(for: kind), encoding: .utf8)
        #expect(template.contains("{{integration}}"))
        let text = ScaffoldService.render(template, integration: "new-\(kind.rawValue)", collection: "Opportunities")
        #expect(!text.contains("{{"), "unfilled placeholder in \(kind.rawValue) template")
        let engine = DiagnosticEngine()
        let model = try #require(ModelLoader().load(path: "Integrations/model.yaml", data: Data(contentsOf: project.url("Integrations/model.yaml")), into: engine))
        let spec = try #require(SpecLoader().load(path: "Integrations/new.yaml", data: Data(text.utf8), into: engine))
        let plan = Compiler(model: model).compile(spec, into: engine)
        #expect(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        #expect(plan?.object == kind)
    }

    @Test func examplePlansAreDeterministic() throws {
        for name in ["accounts-crm", "usage-daily", "opportunities"] {
            let first = CompileService(project: project).run(name: name).json
            let second = CompileService(project: project).run(name: name).json
            #expect(first != nil && first == second, "\(name)")
        }
    }
}

/// The README lists every diagnostic code, so the catalogue there cannot drift.
@Suite struct ReadmeTests {
    @Test func readmeListsEveryCode() throws {
        let readme = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for code in DiagnosticCode.allCases {
            #expect(readme.contains("| `\(code.rawValue)` | \(code.slug) |"), "README lacks \(code.rawValue)")
        }
    }
}
