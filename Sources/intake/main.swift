import IntakeCLI

IntakeCommand.main()
