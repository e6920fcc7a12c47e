import ArgumentParser
import Foundation
import IntakeKit

extension SchemaKind: ExpressibleByArgument {}

/// `intake schema [spec|model|config]`.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of specs, the model or intake.yaml.",
        discussion: """
            Generated from the tables the loader itself checks keys against, so it cannot drift \
            from what 'intake validate' accepts. Editors use it for completion and checking as you \
            type; 'intake validate' still does the checks a schema cannot (the model, cron, secrets).

            Examples:
              intake schema spec --out intake-spec.schema.json
              intake schema model --out intake-model.schema.json
              intake schema config
            Then, on the first line of a spec:
              # yaml-language-server: $schema=../intake-spec.schema.json
            """)

    @Argument(help: "What the schema describes: spec, model or config.") var kind: SchemaKind = .spec
    @Option(help: "Write the schema to this file instead of stdout.") var out: String?

    func run() throws {
        let schema = SchemaService.schema(kind)
        guard let out else { return Console.current.out(schema) }
        do {
            try Data(schema.utf8).write(to: PathResolver.resolve(out, against: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)), options: .atomic)
        } catch {
            Console.current.err("error: cannot write \(out): \(error.localizedDescription)\n")
            throw ExitCode.failure
        }
        Console.current.err("wrote \(out)\n")
    }
}
