import ArgumentParser
import IntakeCLI

/// What an in-process run of the CLI printed and returned.
struct CLIResult {
    var stdout: String
    var stderr: String
    var exitCode: Int32
}

/// Runs `intake ARGS` in-process with a capturing console.
func runCLI(_ arguments: [String]) -> CLIResult {
    let console = Console(capturing: true)
    var code: Int32 = 0
    Console.$current.withValue(console) {
        do {
            var command = try IntakeCommand.parseAsRoot(arguments)
            try command.run()
        } catch {
            code = IntakeCommand.exitCode(for: error).rawValue
            if code != 0 && !(error is ExitCode) { console.err(IntakeCommand.fullMessage(for: error)) }
        }
    }
    return CLIResult(stdout: console.stdout, stderr: console.stderr, exitCode: code)
}
