import ArgumentParser
import Foundation
import IntakeCLI
import IntakeTestSupport
import Testing

/// The shipped GitHub Actions workflow is valid YAML and every `intake` command in it parses.
@Suite struct WorkflowExampleTests {
    static let path = "Examples/github-actions/intake-review.yml"

    /// The workflow as JSON, through PyYAML (a second YAML implementation, not ours).
    func workflow() throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            Fixtures.repositoryRoot.appendingPathComponent(Self.path).path,
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "PyYAML could not read \(Self.path) (pip install pyyaml)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `intake …` invocations in the `run:` scripts, with `${{ … }}` and shell variables filled in.
    func intakeCommands(_ workflow: [String: Any]) throws -> [[String]] {
        let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
        let steps = jobs.values.flatMap { ($0["steps"] as? [[String: Any]]) ?? [] }
        let scripts = steps.compactMap { $0["run"] as? String }
        return scripts.flatMap { $0.components(separatedBy: "\n") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("intake ") }
            .map { line in
                // Keep the command, not the shell around it (redirections, pipes).
                let command = line.components(separatedBy: CharacterSet(charactersIn: ">|")).first!
                return command.split(separator: " ").dropFirst().map {
                    $0.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "$BASE", with: "origin/main")
                }
            }
    }

    @Test func isAWorkflowThatRunsOnPullRequests() throws {
        let workflow = try workflow()
        #expect(workflow["name"] as? String == "intake review")
        // PyYAML reads the bare key `on` as the boolean true (YAML 1.1), which GitHub treats as "on".
        let on = try #require((workflow["on"] ?? workflow["true"]) as? [String: Any])
        #expect(on["pull_request"] != nil)
        let permissions = try #require(workflow["permissions"] as? [String: String])
        #expect(permissions["pull-requests"] == "write")
    }

    @Test func everyIntakeCommandParses() throws {
        let commands = try intakeCommands(try workflow())
        let names = commands.compactMap(\.first)
        #expect(names == ["validate", "test", "diff", "diff", "diff"])
        for arguments in commands {
            #expect(throws: Never.self, "intake \(arguments.joined(separator: " "))") { _ = try IntakeCommand.parseAsRoot(arguments) }
        }
        #expect(commands.contains { $0.contains("--impact") && $0.contains("markdown") }, "the comment shows the impact")
        #expect(commands.contains { $0.contains("--fail-on") && $0.contains("destructive") })
    }
}
