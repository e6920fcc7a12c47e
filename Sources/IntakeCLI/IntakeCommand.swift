import ArgumentParser
import IntakeRunner

/// The `intake` root command.
public struct IntakeCommand: ParsableCommand {
    /// The command tree.
    public static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "A declarative integration compiler for customer-data CSV feeds.",
        discussion: """
            Specs (Integrations/*.yaml) are checked against the data model (Integrations/model.yaml), \
            compiled into deterministic plans, and run over CSV files.

            Examples:
              intake validate                         check the model and every spec
              intake compile accounts-crm             print the plan of one integration
              intake init --object account accounts   scaffold Integrations/accounts.yaml
              intake fetch accounts-http              download to .intake/downloads/
              intake plan accounts-crm                dry run: what would change
              intake apply accounts-crm               apply it in one transaction
              intake runs                             run history
              intake diff --base main --impact        review a change by what it does
            """,
        version: IntakeVersion.current,
        subcommands: [
            ValidateCommand.self, CompileCommand.self, InitCommand.self, FetchCommand.self, PlanCommand.self, ApplyCommand.self,
            RunsCommand.self, StateCommand.self, TestCommand.self, DiffCommand.self, SchemaCommand.self,
        ])

    /// Creates the command (argument parser requirement).
    public init() {}
}
