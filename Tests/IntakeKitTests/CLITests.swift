import ArgumentParser
import Foundation
import IntakeCLI
import IntakeKit
import IntakeTestSupport
import Testing

/// The CLI run in-process: output, formats and exit codes.
///
/// Serialized: the argument parser keeps the shell it is generating a completion script for
/// in a global, which formats another test's completions (seen once as a stray " " line).
@Suite(.serialized) struct CLITests {
    func run(_ arguments: [String]) -> CLIResult { runCLI(arguments) }

    var repo: String { Fixtures.repositoryRoot.path }

    func badProject() throws -> URL {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.write([
            "Integrations/model.yaml": Fixtures.model,
            "Integrations/bad.yaml": "integration: bad\nobject: account\nmode: one-time\ncolumns:\n  - { from: Account ID, to: account_id }\n  - { from: R, to: Renewl Date }\n",
        ], under: root)
        return root
    }

    @Test func validateOnTheRepositoryIsClean() {
        let result = run(["validate", "--project", repo])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "ok: model and 12 integrations valid\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func validateTextShowsLineCaretAndHint() throws {
        let root = try badProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = run(["validate", "--project", root.path])
        #expect(result.exitCode == 1)
        assertSnapshot(result.stderr, named: "validate-bad.txt")
        #expect(!result.stderr.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func validateJSON() throws {
        let root = try badProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = run(["validate", "--project", root.path, "--format", "json"])
        #expect(result.exitCode == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let first = try #require((json["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["file"] as? String == "Integrations/bad.yaml")
        #expect(first["line"] as? Int == 6 && first["column"] as? Int == 20)
        #expect(first["severity"] as? String == "error" && first["code"] as? String == "E012")
        #expect(first["hint"] as? String == "did you mean 'Renewal Date'?")
        #expect((first["message"] as? String)?.contains("Renewl Date") == true)
    }

    @Test func colourIsOptIn() throws {
        let root = try badProject()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(run(["validate", "--project", root.path, "--color", "always"]).stderr.contains("\u{1B}[1;31m"))
        #expect(!run(["validate", "--project", root.path, "--color", "never"]).stderr.contains("\u{1B}["))
    }

    @Test func compilePrintsThePlanDeterministically() throws {
        let first = run(["compile", "accounts-crm", "--project", repo])
        let second = run(["compile", "accounts-crm", "--project", repo])
        #expect(first.exitCode == 0 && first.stdout == second.stdout)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(plan["plan_version"] as? Int == 1 && plan["integration"] as? String == "accounts-crm")
        let missing = run(["compile", "acounts-crm", "--project", repo])
        #expect(missing.exitCode == 1 && missing.stdout.isEmpty && missing.stderr.contains("did you mean 'accounts-crm'?"))
    }

    @Test func initCreatesOnceThenRefuses() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Fixtures.write(["Integrations/model.yaml": Fixtures.model], under: root)
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("Templates"), to: root.appendingPathComponent("Templates"))
        let created = run(["init", "--object", "task", "tasks-crm", "--project", root.path])
        #expect(created.exitCode == 0 && created.stdout.hasPrefix("created Integrations/tasks-crm.yaml"))
        #expect(run(["validate", "--project", root.path, "--strict"]).exitCode == 0)
        let again = run(["init", "--object", "task", "tasks-crm", "--project", root.path])
        #expect(again.exitCode == 1 && again.stderr.contains("E038"))
    }

    @Test func missingProjectIsOneClearError() throws {
        let empty = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = run(["validate", "--project", empty.path])
        #expect(result.exitCode == 1 && result.stderr.contains("error[E037]"))
        let json = run(["validate", "--project", empty.path, "--format", "json"])
        #expect(json.exitCode == 1 && json.stdout.contains("\"code\" : \"E037\""))
    }

    /// `--memory-budget` takes a size with K, M or G; a budget the rows outgrow gives the same
    /// changeset; a size that is not one is a usage error naming the option.
    @Test func memoryBudgetTakesSizesAndKeepsTheChangeset() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Fixtures.write([
            "Integrations/model.yaml": Fixtures.model,
            "Integrations/accounts.yaml": "integration: accounts\nobject: account\nmode: recurring\nschedule: \"0 3 * * *\"\nsource: { file: data/a.csv }\ncolumns:\n  - { from: Account ID, to: account_id }\n  - { from: Note, to: Region }\n",
            "data/a.csv": "Account ID,Note\n" + (0..<3_000).reversed().map { "acct-\($0),R\($0 % 7)\n" }.joined(),
        ], under: root)
        let p = ["--project", root.path, "--format", "json", "--as-of", "2026-11-26T00:00:00Z"]
        let held = run(["plan", "accounts"] + p)
        #expect(held.exitCode == 0, "\(held.stderr)")
        for size in ["1K", "1k", "2KiB", "2kb", "4096"] {
            let aside = run(["plan", "accounts", "--memory-budget", size] + p)
            #expect(aside.exitCode == 0 && aside.stdout == held.stdout, "\(size): \(aside.stderr)")
        }
        #expect(!held.stderr.contains("set aside"))
        // The text report says why the run was slower, on stderr.
        let noted = run(["plan", "accounts", "--memory-budget", "1K", "--project", root.path])
        #expect(noted.exitCode == 0 && noted.stderr.contains("note: 3,000 rows and the 3,000 changes of data/a.csv were set aside on disk past the memory budget"), "\(noted.stderr)")
        for size in ["0", "12X", "1.5G", "-1M", "", "1B2", "+5", "G", "2KBB"] {
            let refused = run(["plan", "accounts", "--memory-budget", size] + p)
            #expect(refused.exitCode == 64 && refused.stderr.contains("--memory-budget"), "\(size): \(refused.exitCode) \(refused.stderr)")
        }
    }

    @Test func planApplyExitCodesAndRejectsFile() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Fixtures.write([
            "Integrations/model.yaml": Fixtures.model,
            "Integrations/accounts.yaml": "integration: accounts\nobject: account\nmode: recurring\nschedule: \"0 3 * * *\"\nsource: { file: data/a.csv }\nmax_rejected_rows: 5\ncolumns:\n  - { from: Account ID, to: account_id }\n  - { from: Note, to: Region }\n",
            "data/a.csv": "Account ID,Note\nacme,EMEA\nbad id,=HYPERLINK(\"x\")\n",
        ], under: root)
        let p = ["--project", root.path]
        let plan = run(["plan", "accounts", "--detailed-exitcode", "--rejects", root.appendingPathComponent("rejects.csv").path] + p)
        #expect(plan.exitCode == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("1 to create, 0 to update, 0 unchanged, 1 rejected, 0 superseded"))
        let rejects = try String(contentsOf: root.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.hasPrefix("Account ID,Note,_error_line,_error_column,_error_code,_error_message\r\n"))
        #expect(rejects.contains("bad id,\"'=HYPERLINK(\"\"x\"\")\",3,1,R002,"))
        #expect(run(["plan", "accounts"] + p).exitCode == 0)
        let json = run(["plan", "accounts", "--format", "json"] + p)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["counts"] as? [String: Int])?["created"] == 1 && object["integration"] as? String == "accounts")
        // --out with json output: the file holds exactly what stdout showed, and no partial file is left.
        let saved = root.appendingPathComponent("c.json")
        let both = run(["plan", "accounts", "--format", "json", "--out", saved.path] + p)
        #expect(try String(contentsOf: saved, encoding: .utf8) == both.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains("partial") }.isEmpty)
        // A refused --out (the file matched, but the run failed) leaves no file either.
        let refused = run(["plan", "accounts", "--data", root.appendingPathComponent("missing.csv").path, "--out", root.appendingPathComponent("d.json").path] + p)
        #expect(refused.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("d.json").path))
        // A rejects file that cannot be written fails the run and leaves no partial changeset.
        let badRejects = run(["plan", "accounts", "--out", root.appendingPathComponent("e.json").path, "--rejects", root.appendingPathComponent("no/such/dir/r.csv").path] + p)
        #expect(badRejects.exitCode != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains("partial") }.isEmpty)
        #expect(run(["apply", "accounts"] + p).exitCode == 0)
        let skipped = run(["apply", "accounts"] + p)
        #expect(skipped.exitCode == 3 && skipped.stderr.contains("W006"))
        let runs = run(["runs", "accounts"] + p)
        #expect(runs.exitCode == 0 && runs.stdout.contains("reason: skipped: identical to run"))
        let exported = run(["state", "export", "account"] + p)
        #expect(exported.stdout == "key,Region,account_id\r\nacme,EMEA,acme\r\n")
        #expect(run(["state", "show", "account", "nobody"] + p).exitCode == 1)
        let unknown = run(["state", "export", "acount"] + p)
        #expect(unknown.exitCode == 1 && unknown.stderr.contains("did you mean 'account'?"))
    }

    /// Every command below the root, as its words ("state export"), with its type.
    static let commands: [(path: String, type: any ParsableCommand.Type)] = {
        func walk(_ type: any ParsableCommand.Type, _ prefix: [String]) -> [(String, any ParsableCommand.Type)] {
            type.configuration.subcommands.flatMap { sub -> [(String, any ParsableCommand.Type)] in
                let path = prefix + [sub.configuration.commandName ?? ""]
                return [(path.joined(separator: " "), sub)] + walk(sub, path)
            }
        }
        return walk(IntakeCommand.self, [])
    }()

    @Test(arguments: CLITests.commands.map(\.path))
    func helpHasExamples(_ path: String) throws {
        let type = try #require(Self.commands.first { $0.path == path }?.type)
        let help = IntakeCommand.helpMessage(for: type, columns: 100)
        #expect(help.contains("Examples:"), "\(path) has no examples")
        assertSnapshot(help, named: "help-\(path.replacingOccurrences(of: " ", with: "-")).txt")
    }

    /// In an 80-column terminal, prose is reflowed by the parser, and no example runs over.
    @Test(arguments: [""] + CLITests.commands.map(\.path))
    func helpExamplesFitEightyColumns(_ path: String) throws {
        let type = path.isEmpty ? IntakeCommand.self : try #require(Self.commands.first { $0.path == path }?.type)
        func examples(_ columns: Int) -> String? {
            let help = IntakeCommand.helpMessage(for: type, columns: columns)
            return help.components(separatedBy: "Examples:\n").dropFirst().first?.components(separatedBy: "\n\n")[0]
        }
        // Wrapped, an example line would differ from the same help without a width limit.
        #expect(examples(80) == examples(1_000), "\(path): an example runs over 80 columns")
    }

    @Test func helpCoversEveryCommand() {
        let paths = Self.commands.map(\.path)
        for expected in ["validate", "compile", "init", "plan", "apply", "runs", "state", "state export", "state show", "test", "diff", "schema"] {
            #expect(paths.contains(expected), "\(expected) missing from the command tree")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptNamesEverySubcommand(_ shell: String) {
        var code: Int32 = -1
        var script = ""
        do {
            _ = try IntakeCommand.parseAsRoot(["--generate-completion-script", shell])
        } catch {
            code = IntakeCommand.exitCode(for: error).rawValue
            script = IntakeCommand.fullMessage(for: error)
        }
        #expect(code == 0)
        for name in IntakeCommand.configuration.subcommands.compactMap({ $0.configuration.commandName }) {
            #expect(script.contains(name), "\(shell) completion does not name '\(name)'")
        }
        #expect(script.contains("---completion"), "integration names are completed by calling intake back")
    }

    @Test func integrationNamesCompleteFromTheProject() {
        // What the generated scripts run: the words typed so far, the word's index and the cursor.
        var completions = ""
        do {
            _ = try IntakeCommand.parseAsRoot(["---completion", "plan", "--", "positional@0", "4", "3", "intake", "plan", "--project", repo, "acc"])
        } catch {
            completions = IntakeCommand.fullMessage(for: error)
        }
        #expect(completions.split(separator: "\n") == ["accounts-crm", "accounts-http", "accounts-s3", "accounts-sftp"])
    }
}
